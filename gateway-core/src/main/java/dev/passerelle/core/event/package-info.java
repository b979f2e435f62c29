/**
 * The canonical event model: one sealed family of immutable records that every connector translates to
 * and from. Nothing network-specific appears here.
 */
package dev.passerelle.core.event;
