package dev.passerelle.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminSettingsTest {

    @Test
    void loopbackAddresses() {
        assertThat(AdminSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(AdminSettings.isLoopback("127.1.2.3")).isTrue();
        assertThat(AdminSettings.isLoopback("localhost")).isTrue();
        assertThat(AdminSettings.isLoopback("LOCALHOST")).isTrue();
        assertThat(AdminSettings.isLoopback("::1")).isTrue();
        assertThat(AdminSettings.isLoopback("[::1]")).isTrue();
        assertThat(AdminSettings.isLoopback("0.0.0.0")).isFalse();
        assertThat(AdminSettings.isLoopback("::")).isFalse();
        assertThat(AdminSettings.isLoopback("10.0.0.1")).isFalse();
        assertThat(AdminSettings.isLoopback("127.example.org")).isFalse();
        assertThat(AdminSettings.isLoopback("localhost.example.org")).isFalse();
    }

    @Test
    void aNonLoopbackListenerWithoutATokenIsRefused() {
        assertThatThrownBy(() -> new AdminSettings("0.0.0.0", 8008, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token is required");
        assertThat(new AdminSettings("0.0.0.0", 8008, Optional.of("0123456789abcdef")).token()).isPresent();
        assertThat(AdminSettings.defaults()).isEqualTo(new AdminSettings("127.0.0.1", 8008, Optional.empty()));
    }

    @Test
    void tokensMustBeLongAndPrintable() {
        assertThatThrownBy(() -> new AdminSettings("127.0.0.1", 8008, Optional.of("short")))
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new AdminSettings("127.0.0.1", 8008, Optional.of("0123456789 abcdef")))
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> new AdminSettings("127.0.0.1", 8008, Optional.of("0123456789abcdefé")))
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> new AdminSettings("127.0.0.1", 70000, Optional.empty())).hasMessageContaining("port");
        assertThat(new AdminSettings("127.0.0.1", 1, Optional.of("0123456789abcdef-secret")).toString())
                .doesNotContain("secret");
    }
}
