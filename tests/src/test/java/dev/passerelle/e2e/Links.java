package dev.passerelle.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Follows the links users receive, as their clients would, to see whether a file behind them is what was sent. */
final class Links {

    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Successful downloads by URL: each link is followed once. */
    private final Map<String, String> fetched = new ConcurrentHashMap<>();

    /** Whether some link in {@code text} serves a body containing {@code expected}. */
    boolean anyServes(String text, String expected) {
        return URL.matcher(text).results().anyMatch(m -> serves(m.group(), expected));
    }

    /** Whether {@code url} answers 200 with a body containing {@code expected}. */
    boolean serves(String url, String expected) {
        return download(url).filter(b -> b.contains(expected)).isPresent();
    }

    private Optional<String> download(String url) {
        String known = fetched.get(url);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            fetched.put(url, r.body());
            return Optional.of(r.body());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
