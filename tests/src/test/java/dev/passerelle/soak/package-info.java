/**
 * The soak: the two instances of the end-to-end topology run from the distribution jar under steady mixed traffic
 * between XMPP, Matrix and MIMI for a bounded time, their heap and RSS sampled, every message checked to have
 * arrived, and the figures written as a CSV, a plot and a report ({@code scripts/soak}).
 */
package dev.passerelle.soak;
