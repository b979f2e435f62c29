package dev.passerelle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process harness itself: an instance without connectors starts, answers, survives SIGKILL and restarts. */
class GatewayProcessIT {

    @TempDir
    Path dir;

    @Test
    void startsAnswersAndRestartsAfterSigkill() {
        int port = GatewayProcess.freePort();
        String config = "data-dir: " + dir.resolve("data") + "\n"
                + "admin:\n  port: " + port + "\n  token: " + GatewayProcess.ADMIN_TOKEN + "\n"
                + "media:\n  port: " + GatewayProcess.freePort() + "\n  signing-key: "
                + Base64.getEncoder().encodeToString(new byte[32]) + "\n"
                + "connectors: {}\n";
        try (GatewayProcess p = GatewayProcess.start("solo", dir, port, config)) {
            p.awaitReady(Duration.ofSeconds(30));
            assertThat(p.admin("GET", "/api/v1/links", null).statusCode()).isEqualTo(200);
            assertThat(p.adminWithoutToken("GET", "/api/v1/links").statusCode()).isEqualTo(401);
            assertThat(p.metric("jvm_threads_live_threads", Map.of())).isPositive();

            long first = p.pid();
            p.kill();
            assertThat(p.isAlive()).isFalse();
            p.restart();
            p.awaitReady(Duration.ofSeconds(30));
            assertThat(p.pid()).isNotEqualTo(first);
            assertThat(p.logText()).contains("---- start 2 ----");
        }
    }
}
