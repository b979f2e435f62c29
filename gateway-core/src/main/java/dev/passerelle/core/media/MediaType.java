package dev.passerelle.core.media;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syntactically valid media type: RFC 6838 type and subtype names, then optional {@code ; name=value}
 * parameters (RFC 9110 tokens or quoted strings). {@link #toString()} is the normalised form that goes
 * into signatures and the Content-Type header: lower-case names, {@code "; "} between parameters.
 */
record MediaType(String type, String subtype, String parameters) {

    private static final int MAX_LENGTH = 255;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\t \\x21-\\x7E])*\"";
    private static final Pattern WHOLE = Pattern.compile(
            "(" + NAME + ")/(" + NAME + ")((?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*)[ \\t]*");
    private static final Pattern PARAMETER = Pattern.compile(
            "[ \\t]*;[ \\t]*(" + TOKEN + ")=(" + TOKEN + "|" + QUOTED + ")");

    private static final String OCTET_STREAM = "application/octet-stream";

    MediaType {
        type = type.toLowerCase(Locale.ROOT);
        subtype = subtype.toLowerCase(Locale.ROOT);
    }

    /** Parses and normalises; the message says what is wrong. */
    static MediaType parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("media type must not be null");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("media type must be at most " + MAX_LENGTH + " characters");
        }
        Matcher whole = WHOLE.matcher(text);
        if (!whole.matches()) {
            throw new IllegalArgumentException("media type must be type/subtype[; name=value]*, was '" + text + "'");
        }
        StringBuilder parameters = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(whole.group(3));
        while (parameter.find()) {
            parameters.append("; ").append(parameter.group(1).toLowerCase(Locale.ROOT)).append('=')
                    .append(parameter.group(2));
        }
        return new MediaType(whole.group(1), whole.group(2), parameters.toString());
    }

    /** {@code type/subtype} without parameters. */
    String essence() {
        return type + "/" + subtype;
    }

    /**
     * Whether browsers may show it in place rather than download it. SVG is an image that can carry script,
     * so it is downloaded like any other document.
     */
    boolean inline() {
        boolean media = type.equals("image") || type.equals("video") || type.equals("audio");
        return media && !subtype.equals("svg+xml");
    }

    /**
     * Whether a source declaring {@code declared} may be served under this (signed) type: the same essence,
     * or {@code application/octet-stream}, which networks send when they do not know the type and which
     * claims nothing.
     */
    boolean admits(MediaType declared) {
        return declared.essence().equals(essence()) || declared.essence().equals(OCTET_STREAM);
    }

    @Override
    public String toString() {
        return essence() + parameters;
    }
}
