/**
 * The media service: attachments cross networks through signed, expiring URLs on a public listener that
 * streams each file from its source network's {@link dev.passerelle.core.media.MediaFetcher}, with a size cap
 * and a content-type check, and serves nothing it did not sign. Entry point: {@link dev.passerelle.core.media.Media}.
 */
package dev.passerelle.core.media;
