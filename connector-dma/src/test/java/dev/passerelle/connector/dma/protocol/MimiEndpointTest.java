package dev.passerelle.connector.dma.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Endpoint paths, their percent-encoded parameter, the directory document and proxyDownload requests. */
@Tag("feature:mimi-protocol")
class MimiEndpointTest {

    @Test
    void methodsAndPathsFollowTheDirectoryExampleWithItsErrataFixed() {
        assertThat(MimiEndpoint.DIRECTORY.method()).isEqualTo("GET");
        assertThat(MimiEndpoint.DIRECTORY.pathTemplate()).isEqualTo("/.well-known/mimi-protocol-directory");
        assertThat(MimiEndpoint.UPDATE.pathTemplate()).isEqualTo("/v1/update/{roomId}");
        assertThat(MimiEndpoint.SUBMIT_MESSAGE.pathTemplate()).isEqualTo("/v1/submitMessage/{roomId}");
        assertThat(MimiEndpoint.REQUEST_CONSENT.pathTemplate()).isEqualTo("/v1/requestConsent/{targetUser}");
        assertThat(MimiEndpoint.UPDATE_CONSENT.pathTemplate()).isEqualTo("/v1/updateConsent/{requesterUser}");
        assertThat(MimiEndpoint.PROXY_DOWNLOAD.method()).isEqualTo("GET");
        for (MimiEndpoint endpoint : MimiEndpoint.values()) {
            if (endpoint != MimiEndpoint.DIRECTORY && endpoint != MimiEndpoint.PROXY_DOWNLOAD) {
                assertThat(endpoint.method()).as(endpoint.name()).isEqualTo("POST");
                assertThat(MimiEndpoint.byDirectoryKey(endpoint.directoryKey().orElseThrow())).contains(endpoint);
            }
        }
        assertThat(MimiEndpoint.byDirectoryKey("submit")).isEmpty();
    }

    @Test
    void theParameterIsOnePercentEncodedSegment() {
        String path = MimiEndpoint.UPDATE.path("mimi://a.example/r/clubhouse");
        assertThat(path).isEqualTo("/v1/update/mimi%3A%2F%2Fa.example%2Fr%2Fclubhouse");
        assertThat(MimiEndpoint.UPDATE.decodeSegment("mimi%3A%2F%2Fa.example%2Fr%2Fclubhouse"))
                .isEqualTo("mimi://a.example/r/clubhouse");
        assertThat(MimiEndpoint.encodeSegment("é ~")).isEqualTo("%C3%A9%20~");
        assertThat(MimiEndpoint.KEY_MATERIAL.decodeSegment("%C3%A9%20~")).isEqualTo("é ~");
        assertThatThrownBy(() -> MimiEndpoint.NOTIFY.decodeSegment("a%2")).isInstanceOfSatisfying(
                ProtocolException.class, e -> assertThat(e.fieldPath()).isEqualTo("/v1/notify/{roomId}.roomId"));
        assertThatThrownBy(() -> MimiEndpoint.NOTIFY.decodeSegment("a/b")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> MimiEndpoint.NOTIFY.decodeSegment("%C3%28")).isInstanceOfSatisfying(
                ProtocolException.class, e -> assertThat(e.reason()).contains("UTF-8"));
    }

    @Test
    void theDirectoryDocumentRoundTrips() {
        MimiDirectory directory = MimiDirectory.under("https://mimi.example.com/");
        assertThat(directory.template(MimiEndpoint.UPDATE)).contains("https://mimi.example.com/v1/update/{roomId}");
        assertThat(directory.url(MimiEndpoint.NOTIFY, "mimi://a.example/r/x")).contains(
                URI.create("https://mimi.example.com/v1/notify/mimi%3A%2F%2Fa.example%2Fr%2Fx"));
        assertThat(MimiDirectory.fromJson(directory.toJson())).isEqualTo(directory);
        assertThat(new String(directory.toJson(), StandardCharsets.UTF_8))
                .startsWith("{\"keyMaterial\":\"https://mimi.example.com/v1/keyMaterial/{targetUser}\",");
    }

    @Test
    void theDraftsDirectoryExampleReadsOnceItsMissingColonIsRestored() {
        String example = """
                {
                  "keyMaterial": "https://mimi.example.com/v1/keyMaterial/{targetUser}",
                  "update": "https://mimi.example.com/v1/update{roomId}",
                  "notify": "https://mimi.example.com/v1/notify/{roomId}",
                  "submitMessage": "https://mimi.example.com/v1/submitMessage/{roomId}",
                  "groupInfo": "https://mimi.example.com/v1/groupInfo/{roomId}",
                  "requestConsent": "https://mimi.example.com/v1/requestConsent/{targetUser}",
                  "updateConsent": "https://mimi.example.com/v1/updateConsent/{requesterUser}",
                  "identifierQuery": "https://mimi.example.com/v1/identifierQuery/{domain}",
                  "reportAbuse": "https://mimi.example.com/v1/reportAbuse/{roomId}",
                  "proxyDownload" "https://mimi.example.com/v1/proxyDownload/{downloadUrl}"
                }""";
        assertThatThrownBy(() -> MimiDirectory.fromJson(example.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.fieldPath()).isEqualTo("directory"));
        MimiDirectory fixed = MimiDirectory.fromJson(
                example.replace("\"proxyDownload\" ", "\"proxyDownload\": ").getBytes(StandardCharsets.UTF_8));
        // A peer's slashless update template is accepted as published; ours has the slash.
        assertThat(fixed.template(MimiEndpoint.UPDATE)).contains("https://mimi.example.com/v1/update{roomId}");
        assertThat(fixed.urlTemplates()).hasSize(MimiEndpoint.values().length - 1);
    }

    @Test
    void badDirectoriesAreRefusedNamingTheEntry() {
        assertThatThrownBy(() -> MimiDirectory.fromJson("{\"notify\": \"http://x.example/{roomId}\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("directory.notify"));
        assertThatThrownBy(() -> MimiDirectory.fromJson("{\"notify\": \"https://x.example/notify\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).contains("{roomId}"));
        assertThatThrownBy(() -> MimiDirectory.fromJson("{\"notify\": 3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> MimiDirectory.fromJson("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class);
        // Unknown entries are a newer peer's business.
        assertThat(MimiDirectory.fromJson("{\"later\": 1}".getBytes(StandardCharsets.UTF_8)).urlTemplates()).isEmpty();
        assertThatThrownBy(() -> new MimiDirectory(Map.of(MimiEndpoint.DIRECTORY, "https://x/")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proxyDownloadCarriesAnHttpsUrlInItsPath() {
        ProxyDownloadRequest request = new ProxyDownloadRequest(URI.create("https://Assets.C.example/a/b?x=1"));
        assertThat(request.host()).isEqualTo("assets.c.example");
        assertThat(request.path()).isEqualTo("/v1/proxyDownload/https%3A%2F%2FAssets.C.example%2Fa%2Fb%3Fx%3D1");
        assertThat(ProxyDownloadRequest.fromPathSegment(request.path().substring("/v1/proxyDownload/".length())))
                .isEqualTo(request);
        assertThatThrownBy(() -> ProxyDownloadRequest.fromPathSegment("http%3A%2F%2Fx.example%2Fa"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("proxyDownload.downloadUrl"));
        assertThatThrownBy(() -> ProxyDownloadRequest.fromPathSegment("%20%5B"))
                .isInstanceOf(ProtocolException.class);
    }
}
