/** The matrix connector. */
package dev.passerelle.connector.matrix;
