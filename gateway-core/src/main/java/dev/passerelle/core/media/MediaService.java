package dev.passerelle.core.media;

/** Attachments across networks through signed, expiring URLs. STUB: the media work completes it. */
public interface MediaService {
}
