/**
 * Typed addresses of users and rooms on each network, parsed from and printed to their URI schemes.
 * Normalisation happens once, at parse time, so equal addresses are equal values.
 */
package dev.passerelle.core.address;
