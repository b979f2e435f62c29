/**
 * Hostile input, kept as a corpus of files under {@code src/test/resources/hostile} (listed with the expected
 * error and the reason in its {@code manifest.yaml}) and sent to the real distribution jar by
 * {@link dev.passerelle.hostile.HostileInputIT}: XML on the XMPP component stream, JSON to the appservice and admin
 * endpoints, TLS-presentation bytes to the MIMI endpoints over mutual TLS, CBOR inside the MLS messages of another
 * provider's member. The CBOR cases also go to the MIMI content decoders directly in
 * {@link dev.passerelle.hostile.HostileCborTest}.
 */
package dev.passerelle.hostile;
