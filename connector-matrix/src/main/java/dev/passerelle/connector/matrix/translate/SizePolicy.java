package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How outbound content is kept under the homeserver's event size limit (65,536 bytes for the whole event as
 * federated, envelope and signatures included). Nothing is ever dropped for size; in order:
 *
 * <ol>
 *   <li>Content whose JSON fits in {@link #CONTENT_BUDGET} bytes goes as it is. The other 8 KiB are left for
 *       what the homeserver adds: room id, sender, type, timestamps, up to twenty previous and ten auth event
 *       ids, hashes, signatures.</li>
 *   <li>A message that does not fit with its HTML goes as plain text only (the HTML is the part that can be
 *       lost: the plain body carries the same words).</li>
 *   <li>A message whose plain text still does not fit is split into several events, each as large as the budget
 *       allows. A cut prefers, in the back half of a part, a paragraph break, then a line break, then a space; it
 *       never splits a surrogate pair. The separator stays at the end of the earlier part, so the bodies joined
 *       give back the text exactly. Every part after the first carries {@code "dev.passerelle.part": n}
 *       (2, 3, ...) in its content; only the first part carries the reply relation.</li>
 *   <li>An edit cannot be split (a second event would not be part of the edit): its HTML is dropped first, then
 *       its text is cut to fit and ends with {@link #TRUNCATION_MARK}. A room topic (a state event) is cut the
 *       same way.</li>
 * </ol>
 */
final class SizePolicy {
    /** The homeserver's limit for a whole event. */
    static final int EVENT_LIMIT = 65_536;
    /** What content may take, leaving room for the envelope the homeserver adds. */
    static final int CONTENT_BUDGET = EVENT_LIMIT - 8 * 1024;
    /** The content key marking a continuation part. */
    static final String PART_KEY = "dev.passerelle.part";
    /** Ends a text cut short to fit. */
    static final String TRUNCATION_MARK = "\u2026";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int budget;

    SizePolicy() {
        this(CONTENT_BUDGET);
    }

    /** With another budget, so tests can exercise splitting on small inputs. */
    SizePolicy(int budget) {
        if (budget < 256) {
            throw new IllegalArgumentException("content budget must be at least 256 bytes, was " + budget);
        }
        this.budget = budget;
    }

    /** Renders one part of a message: its body, its HTML if kept, and its index (1 for the first part). */
    interface PartRenderer {
        ObjectNode render(String body, Optional<String> html, int part);
    }

    /** The contents to send for a message, per the policy above; one element when it fits. */
    List<ObjectNode> fit(String text, Optional<String> html, PartRenderer renderer) {
        ObjectNode whole = renderer.render(text, html, 1);
        if (fits(whole)) {
            return List.of(whole);
        }
        if (html.isPresent()) {
            ObjectNode plain = renderer.render(text, Optional.empty(), 1);
            if (fits(plain)) {
                return List.of(plain);
            }
        }
        List<ObjectNode> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int part = parts.size() + 1;
            int end = cut(text, pos, longestFitting(text, pos, part, renderer));
            ObjectNode content = renderer.render(text.substring(pos, end), Optional.empty(), part);
            if (part > 1) {
                content.put(PART_KEY, part);
            }
            parts.add(content);
            pos = end;
        }
        return parts;
    }

    /** Content for an edit: as is, else without HTML, else with the text cut short. */
    ObjectNode truncate(String text, Optional<String> html, PartRenderer renderer) {
        ObjectNode whole = renderer.render(text, html, 1);
        if (fits(whole)) {
            return whole;
        }
        ObjectNode plain = renderer.render(text, Optional.empty(), 1);
        if (fits(plain)) {
            return plain;
        }
        int lo = 0;
        int hi = text.length();
        // Largest prefix length whose rendering (with the mark) fits; prefix 0 always fits for a sane budget.
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fits(renderer.render(text.substring(0, safeEnd(text, mid)) + TRUNCATION_MARK, Optional.empty(), 1))) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return renderer.render(text.substring(0, safeEnd(text, lo)) + TRUNCATION_MARK, Optional.empty(), 1);
    }

    boolean fits(ObjectNode content) {
        return bytes(content) <= budget;
    }

    static int bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            // A tree of plain JSON nodes always serialises; failing here is a bug, not bad input.
            throw new IllegalStateException("cannot serialise content", e);
        }
    }

    /** The largest end such that text[pos, end) rendered as a part fits; at least one code point. */
    private int longestFitting(String text, int pos, int part, PartRenderer renderer) {
        int lo = pos + Character.charCount(text.codePointAt(pos));
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fitsPart(text, pos, mid, part, renderer)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return safeEnd(text, lo);
    }

    private boolean fitsPart(String text, int pos, int end, int part, PartRenderer renderer) {
        ObjectNode content = renderer.render(text.substring(pos, safeEnd(text, end)), Optional.empty(), part);
        if (part > 1) {
            content.put(PART_KEY, part);
        }
        return fits(content);
    }

    /** Moves a cut back to a paragraph break, line break or space in the back half of the part, if any. */
    private static int cut(String text, int pos, int max) {
        if (max >= text.length()) {
            return text.length();
        }
        int floor = pos + (max - pos) / 2;
        for (String separator : new String[] {"\n\n", "\n", " "}) {
            int at = text.lastIndexOf(separator, max - separator.length());
            if (at >= floor && at > pos) {
                return at + separator.length();
            }
        }
        return safeEnd(text, max);
    }

    /** An end index that does not fall between the halves of a surrogate pair. */
    private static int safeEnd(String text, int end) {
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end))) {
            return end - 1;
        }
        return end;
    }
}
