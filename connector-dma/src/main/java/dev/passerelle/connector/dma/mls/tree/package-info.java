/**
 * Ratchet tree structure: the array representation of left-balanced binary trees and its index arithmetic
 * (RFC 9420 section 4 and appendix C).
 */
package dev.passerelle.connector.dma.mls.tree;
