package dev.passerelle.connector.matrix.translate;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Random text for properties: any Unicode scalar value (control characters and astral planes included). */
final class TextGen {
    private TextGen() {
    }

    /** Code points, one in three a separator the size policy likes to cut at. */
    static Gen<Integer> codePoints() {
        // Surrogate code points are not characters; shift them below the surrogate block.
        Gen<Integer> any = integers().between(1, 0x10FFFF).map(c -> c >= 0xD800 && c <= 0xDFFF ? c - 0x800 : c);
        Gen<Integer> separators = Generate.pick(List.of((int) '\n', (int) ' ', (int) '\n', (int) 'a'));
        return Generate.oneOf(any, any, separators);
    }

    static Gen<String> text(int minCodePoints, int maxCodePoints) {
        return lists().of(codePoints()).ofSizeBetween(minCodePoints, maxCodePoints).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }
}
