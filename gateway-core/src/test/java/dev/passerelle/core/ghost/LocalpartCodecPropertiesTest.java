package dev.passerelle.core.ghost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.passerelle.core.address.AddressGens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Each codec gives any text exactly one escaped form, in its target's grammar, and decodes only that form.
 * {@link GhostNaming#realFor} also compares a candidate with the name it would make, which hides a lax decoder
 * from the ghost naming properties; these pin the codec's own contract. 1000 examples each.
 */
class LocalpartCodecPropertiesTest {
    private static final String JID_ESCAPED = "[a-z0-9!#$%()*+,\\-.;=?\\[\\]^`{|}~\\\\_]+";
    private static final String MATRIX_ESCAPED = "[a-z0-9._=\\-]+";

    @Test
    void everyTextComesBackFromItsEscapedForm() {
        qt().forAll(codecs(), texts()).checkAssert((codec, text) -> {
            String escaped = codec.escape(text);
            assertThat(escaped).matches(codec == LocalpartCodec.JID ? JID_ESCAPED : MATRIX_ESCAPED);
            assertThat(codec.unescape(escaped)).contains(text);
        });
    }

    @Test
    void onlyTheCanonicalFormDecodes() {
        qt().forAll(codecs(), escapeLookalikes()).checkAssert((codec, candidate) -> codec.unescape(candidate)
                .ifPresent(text -> assertThat(codec.escape(text)).as("escaped form of %s", text).isEqualTo(candidate)));
    }

    private static Gen<LocalpartCodec> codecs() {
        return Generate.pick(List.of(LocalpartCodec.JID, LocalpartCodec.MATRIX))
                .describedAs(c -> c == LocalpartCodec.JID ? "JID codec" : "Matrix codec");
    }

    /** Mixed-case text with punctuation and escape characters, any BMP character, or astral characters. */
    private static Gen<String> texts() {
        return AddressGens.oneOf(List.of(AddressGens.freeText(8),
                strings().betweenCodePoints(0, 0xd7ff).ofLengthBetween(1, 12),
                strings().betweenCodePoints(0x10000, 0x10ffff).ofLengthBetween(1, 4)));
    }

    /**
     * Strings made of the codecs' own pieces, canonical or not: escapes of any byte (so {@code =61} for
     * {@code a}, {@code \41} for {@code A}, broken UTF-8), case marks before anything, and literals.
     */
    private static Gen<String> escapeLookalikes() {
        Gen<String> hex = AddressGens.stringsOf("0123456789abcdef", 1, 1);
        Gen<String> escape = Generate.pick(List.of("=", "\\")).zip(hex, hex, (e, hi, lo) -> e + hi + lo);
        Gen<String> caseMark = AddressGens.stringsOf("_", 1, 1).zip(AddressGens.stringsOf("_azA0=", 1, 1),
                String::concat);
        Gen<String> literal = AddressGens.stringsOf("az09.-!~", 1, 1);
        Gen<String> piece = AddressGens.oneOf(List.of(escape, escape, caseMark, literal));
        return lists().of(piece).ofSizeBetween(1, 6).map(l -> String.join("", l));
    }
}
