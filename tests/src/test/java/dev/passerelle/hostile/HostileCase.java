package dev.passerelle.hostile;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code hostile/manifest.yaml}: a payload file, the surface it is sent to, what the gateway must
 * answer, and why that input is hostile.
 *
 * @param name the case's name in the test report
 * @param surface where the payload goes
 * @param payload the corpus file, relative to {@code hostile/}
 * @param target the MIMI endpoint's directory name ({@code identifierQuery}, {@code submitMessage}, ...), or the
 *     content decoder ({@code content}, {@code status-report}); unused elsewhere
 * @param expect the specified answer
 * @param why what the input tries to do
 */
record HostileCase(String name, Surface surface, String payload, String target, Expect expect, String why) {

    /** Where a payload is sent. */
    enum Surface {
        /** Written into the established XEP-0114 stream by the XMPP server's side. */
        XMPP_STREAM,
        /** Written before the server's stream header when the component next connects. */
        XMPP_PROLOG,
        /** The body of an appservice transaction (PUT /_matrix/app/v1/transactions/{txnId}), with the hs_token. */
        APPSERVICE,
        /** The body of POST /api/v1/links on the admin API, with the admin token. */
        ADMIN,
        /** The body of a MIMI endpoint, over mutual TLS from an allowed peer. */
        MIMI,
        /** The MIMI content decoders (reached, in service, only inside a decrypted MLS message). */
        MIMI_CONTENT;

        /** Reads the manifest's spelling ({@code xmpp-stream}). */
        @JsonCreator
        static Surface of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * What must come back; which fields apply depends on the surface.
     *
     * @param streamError the RFC 6120 stream error condition the gateway ends the stream with
     * @param stanzaError the stanza error condition of the gateway's reply to the stanza {@code stanzaId}
     * @param stanzaId the id of the refused stanza
     * @param status the HTTP status
     * @param errcode the Matrix errcode of an appservice refusal
     * @param error the admin API's {@code error} message (a part of it), or the MIMI refusal's {@code error} tag
     * @param detail the start of a MIMI refusal's {@code detail}: the field path of the structure that did not decode
     * @param path the field path a CBOR decoder names
     * @param reason the start of the reason a CBOR decoder gives (after the path in the gateway's log)
     * @param ignored appservice events skipped and counted, by {@code passerelle.matrix.events.ignored} reason
     */
    record Expect(String streamError, String stanzaError, String stanzaId, Integer status, String errcode,
            String error, String detail, String path, String reason, Map<String, Integer> ignored) {
        Expect {
            ignored = ignored == null ? Map.of() : Map.copyOf(ignored);
        }
    }

    HostileCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(surface, name + ": surface");
        Objects.requireNonNull(payload, name + ": payload");
        Objects.requireNonNull(expect, name + ": expect");
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException(name + ": every case says why it is hostile");
        }
        boolean xmpp = surface == Surface.XMPP_STREAM || surface == Surface.XMPP_PROLOG;
        if (xmpp && (expect.streamError() == null) == (expect.stanzaError() == null)) {
            throw new IllegalArgumentException(name + ": an XMPP case expects a stream error or a stanza error");
        }
        if (expect.stanzaError() != null && expect.stanzaId() == null) {
            throw new IllegalArgumentException(name + ": a stanza error names the refused stanza's id");
        }
        if ((surface == Surface.APPSERVICE || surface == Surface.ADMIN || surface == Surface.MIMI)
                && expect.status() == null) {
            throw new IllegalArgumentException(name + ": an HTTP case expects a status");
        }
        if ((surface == Surface.MIMI || surface == Surface.MIMI_CONTENT) && target == null) {
            throw new IllegalArgumentException(name + ": a MIMI case names its endpoint or decoder as target");
        }
        if (surface == Surface.MIMI_CONTENT && (expect.path() == null || expect.reason() == null)) {
            throw new IllegalArgumentException(name + ": a CBOR case expects the field path and the reason");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
