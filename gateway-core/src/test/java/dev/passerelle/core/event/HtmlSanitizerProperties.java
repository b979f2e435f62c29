package dev.passerelle.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of the sanitiser over generated tag soup: the output is allowlisted and sanitising is stable. */
class HtmlSanitizerProperties {

    @Property(tries = 1000)
    void sanitisingTwiceChangesNothing(@ForAll("tagSoup") String soup) {
        SafeHtml once = HtmlSanitizer.sanitize(soup);
        assertThat(HtmlSanitizer.sanitize(once.html())).isEqualTo(once);
    }

    @Property(tries = 1000)
    void outputStaysInsideTheAllowlist(@ForAll("tagSoup") String soup) {
        assertThat(SanitizedHtmlChecker.violations(HtmlSanitizer.sanitize(soup).html())).isEmpty();
    }

    @Property(tries = 300)
    void arbitraryTextIsEscapedNotInterpreted(@ForAll String text) {
        String out = HtmlSanitizer.sanitize(text.replace("<", "").replace("&", "")).html();
        assertThat(SanitizedHtmlChecker.violations(out)).isEmpty();
        assertThat(HtmlSanitizer.sanitize(out).html()).isEqualTo(out);
    }

    @Provide
    Arbitrary<String> tagSoup() {
        return Arbitraries.oneOf(openTag(), closeTag(), text(), entity(), oddity())
                .list().ofMaxSize(25)
                .map(parts -> String.join("", parts));
    }

    private static Arbitrary<String> element() {
        Arbitrary<String> allowed = Arbitraries.of(MatrixHtmlPolicy.ELEMENTS);
        Arbitrary<String> hostile = Arbitraries.of("script", "style", "iframe", "svg", "math", "object", "embed",
                "mx-reply", "noscript", "textarea", "title", "xmp", "form", "input", "base", "meta", "link", "body",
                "html", "template", "select", "option", "video", "audio", "source", "marquee", "frameset", "image");
        return Arbitraries.frequencyOf(
                        Tuple.of(4, allowed), Tuple.of(2, hostile))
                .flatMap(name -> Arbitraries.of(name, name.toUpperCase(Locale.ROOT)));
    }

    private static Arbitrary<String> attribute() {
        Arbitrary<String> name = Arbitraries.of("href", "src", "onerror", "onclick", "onload", "style", "class",
                "data-mx-color", "data-mx-bg-color", "data-mx-spoiler", "data-mx-maths", "color", "start", "width",
                "height", "alt", "title", "name", "target", "rel", "srcset", "xlink:href", "formaction", "id",
                "HREF", "SrC");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x09;script:x", "&#106;avascript:x",
                        " javascript:x", "mxc://example.org/media", "MXC://example.org/m", "mxc:",
                        "https://e.org/?a=1&b=2", "http://e.org/", "//e.org/", "/relative", "mailto:a@b.org",
                        "matrix:u/a:b.org", "data:text/html,x",
                        "#ff00ff", "#FFF", "red", "language-java", "language-java evil", "evil", "3", "-1", "_blank",
                        "expression(alert(1))", "url(javascript:x)", "\"><script>alert(1)</script>", "'", "a\"b", "",
                        "x onerror=alert(1)", "&quot;&gt;&lt;img&gt;"),
                Arbitraries.strings().withChars("<>&\"'=/ :;#abc").ofMaxLength(8));
        Arbitrary<String> quote = Arbitraries.of("\"", "'", "");
        return Combinators.combine(name, value, quote).as((n, v, q) -> {
            if (q.isEmpty()) {
                return " " + n + "=" + v.replace(" ", "").replace(">", "");
            }
            return " " + n + "=" + q + v.replace(q, "") + q;
        }).injectDuplicates(0.1);
    }

    private static Arbitrary<String> openTag() {
        Arbitrary<List<String>> attributes = attribute().list().ofMaxSize(4);
        Arbitrary<String> end = Arbitraries.of(">", "/>", " >", "");
        return Combinators.combine(element(), attributes, end)
                .as((name, attrs, close) -> "<" + name + String.join("", attrs) + close);
    }

    private static Arbitrary<String> closeTag() {
        return element().map(name -> "</" + name + ">");
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abc <>&\"'`=@+\n\t").ofMaxLength(10),
                Arbitraries.strings().ofMaxLength(6),
                Arbitraries.of("alert(1)", "😀", "ünï", "\u0000", "\u202e", "\r\n"));
    }

    private static Arbitrary<String> entity() {
        return Arbitraries.of("&amp;", "&lt;", "&gt;", "&quot;", "&#60;", "&#x3C;", "&#x3c;script&#x3e;", "&bogus;",
                "&#0;", "&#xD800;", "&#1114112;", "&", "&#", "&#x", "&nbsp;", "&lt;script&gt;");
    }

    private static Arbitrary<String> oddity() {
        return Arbitraries.of("<!--", "-->", "<!-- <script> -->", "<!x>", "<?php ?>", "<![CDATA[", "]]>", "<", ">",
                "</", "<>", "</>", "<a", "<!DOCTYPE html>", "<\u0000script>", "< script>", "<scr<script>ipt>");
    }
}
