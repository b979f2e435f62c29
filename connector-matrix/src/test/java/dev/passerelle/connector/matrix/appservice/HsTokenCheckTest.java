package dev.passerelle.connector.matrix.appservice;

import static dev.passerelle.connector.matrix.appservice.HsTokenCheck.Outcome.ACCEPTED;
import static dev.passerelle.connector.matrix.appservice.HsTokenCheck.Outcome.MISSING;
import static dev.passerelle.connector.matrix.appservice.HsTokenCheck.Outcome.WRONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HsTokenCheckTest {

    private final HsTokenCheck check = new HsTokenCheck("secret-token-0123456789");

    @Test
    void theHeaderWinsOverTheQueryAndTheSchemeIsCaseInsensitive() {
        assertThat(check.check(Optional.of("Bearer secret-token-0123456789"), List.of())).isEqualTo(ACCEPTED);
        assertThat(check.check(Optional.of("bearer secret-token-0123456789"), List.of())).isEqualTo(ACCEPTED);
        assertThat(check.check(Optional.empty(), List.of("secret-token-0123456789"))).isEqualTo(ACCEPTED);
        assertThat(check.check(Optional.of("Bearer wrong"), List.of("secret-token-0123456789"))).isEqualTo(WRONG);
    }

    @Test
    void nothingIsMissingAndAnythingElseIsWrong() {
        assertThat(check.check(Optional.empty(), List.of())).isEqualTo(MISSING);
        assertThat(check.check(Optional.of("Basic c2VjcmV0"), List.of())).isEqualTo(WRONG);
        assertThat(check.check(Optional.of("Bearer "), List.of())).isEqualTo(WRONG);
        assertThat(check.check(Optional.empty(), List.of("secret-token-0123456789", "secret-token-0123456789")))
                .isEqualTo(WRONG);
        assertThat(check.check(Optional.empty(), List.of("secret-token-012345678"))).isEqualTo(WRONG);
        assertThat(check.check(Optional.empty(), List.of("secret-token-01234567890"))).isEqualTo(WRONG);
    }
}
