package dev.passerelle.connector.xmpp.upload;

import java.util.OptionalLong;
import org.jxmpp.jid.DomainBareJid;

/** The server's HTTP upload service (XEP-0363) as discovered: its address and its file size limit, if it says. */
public record UploadService(DomainBareJid address, OptionalLong maxFileSize) {

    public UploadService {
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        if (maxFileSize == null) {
            throw new IllegalArgumentException("maxFileSize must not be null (use OptionalLong.empty())");
        }
    }

    /** Whether a file of {@code size} bytes is within the service's limit. */
    public boolean admits(long size) {
        return maxFileSize.isEmpty() || size <= maxFileSize.getAsLong();
    }
}
