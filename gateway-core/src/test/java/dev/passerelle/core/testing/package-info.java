/** Small fixtures shared by the tests of every module through the core's test-jar. */
package dev.passerelle.core.testing;
