package dev.passerelle.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlSanitizerTest {

    private static String clean(String html) {
        return HtmlSanitizer.sanitize(html).html();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"mxc://example.org/abc\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<style>*{background:url(javascript:alert(1))}</style>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"https://evil.example/x.swf\"></object><embed src=\"x\">",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<div onmouseover=\"alert(1)\">x</div>",
        "<body onload=alert(1)>",
        "<form action=\"javascript:alert(1)\"><input type=submit formaction=javascript:alert(1)></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\" style=\"position:fixed\">x</a>",
        "<img src=\"https://tracker.example/pixel.gif\">",
        "<img srcset=\"javascript:alert(1) 1x\" src=\"mxc://a/b\">",
        "<<script>script>alert(1)<</script>/script>",
        "<!--><script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<textarea></textarea><script>alert(1)</script>",
        "<xmp><script>alert(1)</script></xmp>",
    })
    void hostileMarkupComesOutHarmless(String hostile) {
        String out = clean(hostile).toLowerCase(Locale.ROOT);

        assertThat(out).doesNotContain("<script", "<style", "<iframe", "<object", "<embed", "<svg", "<math",
                "<form", "<input", "<meta", "<base", "<link", "<body", "<noscript", "<textarea", "<xmp");
        assertThat(out).doesNotContainPattern("\\son[a-z]+=");
        assertThat(out).doesNotContain("javascript:", "vbscript:", "data:", "style=", "srcset=", "xlink");
        assertThat(out).doesNotContain("https://tracker.example");
        assertThat(SanitizedHtmlChecker.violations(clean(hostile))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<b>bold</b> <i>it</i> <u>u</u> <strong>s</strong> <em>e</em> <s>s</s> <del>d</del> <strike>x</strike>"
                + "|<b>bold</b> <i>it</i> <u>u</u> <strong>s</strong> <em>e</em> <s>s</s> <del>d</del>"
                + " <strike>x</strike>",
        "<h1>1</h1><h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>"
                + "|<h1>1</h1><h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>",
        "<blockquote><p>q</p></blockquote><div>d</div><hr><br>"
                + "|<blockquote><p>q</p></blockquote><div>d</div><hr /><br />",
        "x<sup>2</sup>y<sub>i</sub>|x<sup>2</sup>y<sub>i</sub>",
        "<ul><li>a</li></ul><ol start=\"3\"><li>c</li></ol>|<ul><li>a</li></ul><ol start=\"3\"><li>c</li></ol>",
        "<pre><code class=\"language-rust\">fn main() {}</code></pre>"
                + "|<pre><code class=\"language-rust\">fn main() {}</code></pre>",
        "<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>"
                + "|<table><caption>c</caption><thead><tr><th>h</th></tr></thead>"
                + "<tbody><tr><td>d</td></tr></tbody></table>",
        "<details><summary>more</summary>hidden</details>|<details><summary>more</summary>hidden</details>",
        "<span data-mx-color=\"#ff0000\" data-mx-bg-color=\"#00FF00\">c</span>"
                + "|<span data-mx-color=\"#ff0000\" data-mx-bg-color=\"#00FF00\">c</span>",
        "<span data-mx-spoiler=\"plot\">x</span>|<span data-mx-spoiler=\"plot\">x</span>",
        "<span data-mx-spoiler>x</span>|<span data-mx-spoiler=\"\">x</span>",
        "<span data-mx-maths=\"x^2\">x²</span>|<span data-mx-maths=\"x^2\">x²</span>",
        "<font color=\"red\" data-mx-color=\"#123456\">f</font>|<font color=\"red\" data-mx-color=\"#123456\">f</font>",
        "<a href=\"https://example.org/\">l</a>|<a href=\"https://example.org/\">l</a>",
        "<a href=\"mailto:a@example.org\">m</a>|<a href=\"mailto:a&#64;example.org\">m</a>",
        "<a href=\"matrix:u/alice:example.org\">a</a>|<a href=\"matrix:u/alice:example.org\">a</a>",
        "<a href=\"magnet:?xt=urn:btih:abc\">t</a>|<a href=\"magnet:?xt&#61;urn:btih:abc\">t</a>",
        "<a href=\"ftp://example.org/f\">f</a>|<a href=\"ftp://example.org/f\">f</a>",
        "<a name=\"top\">t</a>|<a name=\"top\">t</a>",
        "<img src=\"mxc://example.org/abc\" width=\"32\" height=\"16\" alt=\"cat\" title=\"a cat\">"
                + "|<img src=\"mxc://example.org/abc\" width=\"32\" height=\"16\" alt=\"cat\" title=\"a cat\" />",
        "5 < 6 & \"x\"|5 &lt; 6 &amp; &#34;x&#34;",
        "plain text|plain text",
        "emoji 😀 ünïcödé|emoji &#x1f600; ünïcödé",
    })
    void allowedMarkupSurvives(String input, String expected) {
        assertThat(clean(input)).isEqualTo(expected);
    }

    @Test
    void everyAllowedElementSurvives() {
        for (String element : MatrixHtmlPolicy.ELEMENTS) {
            String html = switch (element) {
                case "br", "hr" -> "<" + element + " />";
                case "img" -> "<img src=\"mxc://example.org/m\" />";
                case "a" -> "<a href=\"https://example.org\">x</a>";
                case "span", "font" -> "<" + element + " data-mx-color=\"#aabbcc\">x</" + element + ">";
                default -> "<" + element + ">x</" + element + ">";
            };
            String wrapped = element.matches("t[rdh]|thead|tbody|caption")
                    ? "<table>" + html + "</table>" : html;
            assertThat(clean(wrapped)).as(element).contains("<" + element);
        }
    }

    @Test
    void escapedTextIsTextAsTheSanitiserWritesIt() {
        String text = "5 < 6 & \"x\" > <script>";
        String escaped = HtmlSanitizer.escapeText(text);
        assertThat(escaped).isEqualTo("5 &lt; 6 &amp; &#34;x&#34; &gt; &lt;script&gt;");
        assertThat(clean(escaped)).isEqualTo(escaped);
    }

    @Test
    void targetedLinksGetNoopener() {
        assertThat(clean("<a href=\"https://example.org\" target=\"_blank\">x</a>"))
                .isEqualTo("<a href=\"https://example.org\" target=\"_blank\" rel=\"noopener noreferrer\">x</a>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<a href=\"/relative\">r</a>|r",
        "<a href=\"//evil.example/x\">r</a>|r",
        "<a href=\"mxc://example.org/m\">r</a>|r",
        "<a href=\"https://example.org\" target=\"evil\">x</a>|<a href=\"https://example.org\">x</a>",
        "<span data-mx-color=\"red\">c</span>|c",
        "<span data-mx-color=\"#ff0000;background:red\">c</span>|c",
        "<span class=\"x\">c</span>|c",
        "<code class=\"language-java evil\">x</code>|<code class=\"language-java\">x</code>",
        "<code class=\"evil\">x</code>|<code>x</code>",
        "<ol start=\"-1\" type=\"a\"><li>x</li></ol>|<ol><li>x</li></ol>",
        "<img src=\"mxc://example.org/m\" width=\"100%\">|<img src=\"mxc://example.org/m\" />",
        "<img alt=\"no source\">|''",
        "<p title=\"t\" id=\"i\" dir=\"rtl\">p</p>|<p>p</p>",
    })
    void disallowedAttributesAreDropped(String input, String expected) {
        assertThat(clean(input)).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @Test
    void textOfUnknownElementsIsKeptButScriptTextIsNot() {
        assertThat(clean("<marquee>moving</marquee><script>var x = 1;</script><style>p{}</style>"))
                .isEqualTo("moving");
    }

    @Test
    void richReplyFallbackIsRemovedWithItsContent() {
        String html = "<mx-reply><blockquote><a href=\"https://matrix.to/#/!r:example.org/$e\">In reply to</a>"
                + "<mx-reply>nested</mx-reply> quoted <b>text</b></blockquote></mx-reply>the answer";
        assertThat(clean(html)).isEqualTo("the answer");
    }

    @Test
    void contentNestedDeeperThanOneHundredLevelsIsDropped() {
        String deep = "<div>".repeat(150) + "x<br>" + "</div>".repeat(150) + "<p>after</p>";
        String out = clean(deep);
        assertThat(out).isEqualTo("<div>".repeat(HtmlSanitizer.MAX_DEPTH) + "</div>".repeat(HtmlSanitizer.MAX_DEPTH)
                + "<p>after</p>");
        assertThat(clean(out)).isEqualTo(out);
    }

    @Test
    void nestingOfExactlyOneHundredLevelsIsKept() {
        String deep = "<b>".repeat(99) + "<i>x y</i>" + "</b>".repeat(99);
        assertThat(clean(deep)).isEqualTo(deep);
        assertThat(clean(deep.replace("x y", "x<br />y"))).as("a <br> at level 101")
                .isEqualTo(deep.replace("x y", "xy"));
    }

    @Test
    void unbalancedMarkupIsBalanced() {
        assertThat(clean("<b><i>x</b></i><p>open")).isEqualTo("<b><i>x</i></b><p>open</p>");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> HtmlSanitizer.sanitize(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void doubleBracesAreBrokenSoNoTemplateEngineSeesThem() {
        // Found by arbitraryTextIsEscapedNotInterpreted: the library inserts an empty comment between braces.
        String out = HtmlSanitizer.sanitize("a {{ b }} c").html();
        assertThat(out).doesNotContain("{{").isEqualTo("a {<!-- -->{ b }} c");
        assertThat(HtmlSanitizer.sanitize(out).html()).isEqualTo(out);
        assertThat(SanitizedHtmlChecker.violations(out)).isEmpty();
    }
}
