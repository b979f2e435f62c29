/**
 * Access refusals end to end: the distribution jar in its own process, probed with missing and wrong tokens,
 * foreign certificates, forged identities and bad media signatures, each of which must be refused, logged once
 * and counted in {@code passerelle_access_refused_total}, while legitimate traffic still goes through.
 */
package dev.passerelle.access;
