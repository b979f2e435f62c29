package dev.passerelle.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Properties of the sanitiser over generated tag soup: the output is allowlisted and sanitising is stable. */
class HtmlSanitizerPropertiesTest {

    @Test
    void sanitisingTwiceChangesNothing() {
        qt().withExamples(1000).forAll(tagSoup()).checkAssert(soup -> {
            SafeHtml once = HtmlSanitizer.sanitize(soup);
            assertThat(HtmlSanitizer.sanitize(once.html())).isEqualTo(once);
        });
    }

    @Test
    void outputStaysInsideTheAllowlist() {
        qt().withExamples(1000).forAll(tagSoup()).checkAssert(soup ->
                assertThat(SanitizedHtmlChecker.violations(HtmlSanitizer.sanitize(soup).html())).isEmpty());
    }

    @Test
    void arbitraryTextIsEscapedNotInterpreted() {
        qt().withExamples(300).forAll(strings(assignedChars(), 0, 255)).checkAssert(text -> {
            String out = HtmlSanitizer.sanitize(text.replace("<", "").replace("&", "")).html();
            assertThat(SanitizedHtmlChecker.violations(out)).isEmpty();
            assertThat(HtmlSanitizer.sanitize(out).html()).isEqualTo(out);
        });
    }

    static Gen<String> tagSoup() {
        return lists().of(oneOf(List.of(openTag(), closeTag(), text(), entity(), oddity()))).ofSizeBetween(0, 25)
                .map(parts -> String.join("", parts));
    }

    private static Gen<String> element() {
        Gen<String> allowed = Generate.pick(MatrixHtmlPolicy.ELEMENTS);
        Gen<String> hostile = Generate.pick(List.of("script", "style", "iframe", "svg", "math", "object", "embed",
                "mx-reply", "noscript", "textarea", "title", "xmp", "form", "input", "base", "meta", "link", "body",
                "html", "template", "select", "option", "video", "audio", "source", "marquee", "frameset", "image"));
        Gen<String> names = Generate.frequency(List.of(Pair.of(4, allowed), Pair.of(2, hostile)));
        return names.zip(Generate.booleans(), (name, upper) -> upper ? name.toUpperCase(Locale.ROOT) : name);
    }

    private static Gen<String> attribute() {
        Gen<String> name = Generate.pick(List.of("href", "src", "onerror", "onclick", "onload", "style", "class",
                "data-mx-color", "data-mx-bg-color", "data-mx-spoiler", "data-mx-maths", "color", "start", "width",
                "height", "alt", "title", "name", "target", "rel", "srcset", "xlink:href", "formaction", "id",
                "HREF", "SrC"));
        Gen<String> value = oneOf(List.of(
                Generate.pick(List.of("javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x09;script:x",
                        "&#106;avascript:x", " javascript:x", "mxc://example.org/media", "MXC://example.org/m", "mxc:",
                        "https://e.org/?a=1&b=2", "http://e.org/", "//e.org/", "/relative", "mailto:a@b.org",
                        "matrix:u/a:b.org", "data:text/html,x",
                        "#ff00ff", "#FFF", "red", "language-java", "language-java evil", "evil", "3", "-1", "_blank",
                        "expression(alert(1))", "url(javascript:x)", "\"><script>alert(1)</script>", "'", "a\"b", "",
                        "x onerror=alert(1)", "&quot;&gt;&lt;img&gt;")),
                strings(charsOf("<>&\"'=/ :;#abc"), 0, 8)));
        Gen<String> quote = Generate.pick(List.of("\"", "'", ""));
        return name.zip(value, quote, (n, v, q) -> {
            if (q.isEmpty()) {
                return " " + n + "=" + v.replace(" ", "").replace(">", "");
            }
            return " " + n + "=" + q + v.replace(q, "") + q;
        });
    }

    private static Gen<String> openTag() {
        Gen<List<String>> attributes = withRepeats(lists().of(attribute()).ofSizeBetween(0, 4));
        Gen<String> end = Generate.pick(List.of(">", "/>", " >", ""));
        return element().zip(attributes, end, (name, attrs, close) -> "<" + name + String.join("", attrs) + close);
    }

    /**
     * Lists where each element after the first is, one time in ten, a copy of an earlier one: a tag carrying the
     * same attribute twice is a classic way to slip a second value past a filter that looks only at the first.
     */
    private static Gen<List<String>> withRepeats(Gen<List<String>> lists) {
        Gen<Integer> percent = integers().between(0, 99);
        Gen<Integer> earlier = integers().between(0, 3);
        return prng -> {
            List<String> items = new ArrayList<>(lists.generate(prng));
            for (int i = 1; i < items.size(); i++) {
                if (percent.generate(prng) < 10) {
                    items.set(i, items.get(earlier.generate(prng) % i));
                }
            }
            return items;
        };
    }

    private static Gen<String> closeTag() {
        return element().map(name -> "</" + name + ">");
    }

    private static Gen<String> text() {
        return oneOf(List.of(
                strings(charsOf("abc <>&\"'`=@+\n\t"), 0, 10),
                strings(assignedChars(), 0, 6),
                Generate.pick(List.of("alert(1)", "😀", "ünï", "\u0000", "\u202e", "\r\n"))));
    }

    private static Gen<String> entity() {
        return Generate.pick(List.of("&amp;", "&lt;", "&gt;", "&quot;", "&#60;", "&#x3C;", "&#x3c;script&#x3e;",
                "&bogus;", "&#0;", "&#xD800;", "&#1114112;", "&", "&#", "&#x", "&nbsp;", "&lt;script&gt;"));
    }

    private static Gen<String> oddity() {
        return Generate.pick(List.of("<!--", "-->", "<!-- <script> -->", "<!x>", "<?php ?>", "<![CDATA[", "]]>", "<",
                ">", "</", "<>", "</>", "<a", "<!DOCTYPE html>", "<\u0000script>", "< script>", "<scr<script>ipt>"));
    }

    /** One of {@code gens}, each equally likely; a list rather than varargs keeps generic arrays out. */
    private static <T> Gen<T> oneOf(List<Gen<T>> gens) {
        Gen<Integer> index = Generate.range(0, gens.size() - 1);
        return prng -> gens.get(index.generate(prng)).generate(prng);
    }

    /**
     * Any UTF-16 code unit except noncharacters and private-use ones, lone surrogates included: text as a client
     * could send it.
     */
    private static Gen<Character> assignedChars() {
        // Drawn from the kept ranges directly rather than filtered, so no draw is ever thrown away.
        int below = 0xE000;
        int between = 0xFDD0 - 0xF900;
        int above = 0xFFFE - 0xFDF0;
        return integers().between(0, below + between + above - 1).map(i -> {
            if (i < below) {
                return (char) i.intValue();
            }
            if (i < below + between) {
                return (char) (0xF900 + i - below);
            }
            return (char) (0xFDF0 + i - below - between);
        });
    }

    private static Gen<Character> charsOf(String alphabet) {
        return Generate.pick(alphabet.chars().mapToObj(c -> (char) c).toList());
    }

    private static Gen<String> strings(Gen<Character> chars, int min, int max) {
        return lists().of(chars).ofSizeBetween(min, max).map(cs -> {
            StringBuilder text = new StringBuilder(cs.size());
            cs.forEach(text::append);
            return text.toString();
        });
    }
}
