package dev.passerelle.connector.xmpp;

import dev.passerelle.core.media.MediaFetcher;
import dev.passerelle.core.media.MediaSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import java.net.URI;
import java.util.OptionalLong;

/** Serves {@code blob:} media in tests: the same PNG-typed bytes for every URI, streamed from a temporary file. */
final class BlobFetcher implements MediaFetcher {
    private final Vertx vertx;
    private final byte[] bytes;

    BlobFetcher(Vertx vertx, byte[] bytes) {
        this.vertx = vertx;
        this.bytes = bytes.clone();
    }

    @Override
    public String scheme() {
        return "blob";
    }

    @Override
    public Future<MediaSource> fetch(URI source) {
        return vertx.fileSystem().createTempFile("blob", ".bin")
                .compose(path -> vertx.fileSystem().writeFile(path, Buffer.buffer(bytes)).map(path))
                .compose(path -> vertx.fileSystem().open(path, new OpenOptions()))
                .map(file -> MediaSource.of("image/png", OptionalLong.of(bytes.length), file));
    }
}
