package dev.passerelle.core.media;

import dev.passerelle.core.spi.GatewayException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;

/** Which addresses a URL taken from a message may be fetched from, and the one to connect to. */
public final class WebAddresses {

    private WebAddresses() {
    }

    /** Whether {@code address} is a public unicast address (not loopback, site-, link- or unique-local, any, multicast). */
    public static boolean publicAddress(InetAddress address) {
        return !(address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc));
    }

    /**
     * The address to connect to for {@code host}: every address it resolves to must pass {@code allowed}, and the
     * caller connects to the one returned (no second lookup an attacker could answer differently). Blocking (DNS):
     * call on a worker.
     *
     * @throws GatewayException NOT_FOUND for an unknown host, AUTH when an address is refused
     */
    public static InetAddress resolve(String host, Predicate<InetAddress> allowed) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new GatewayException(GatewayException.Reason.NOT_FOUND, "unknown host " + host, e);
        }
        for (InetAddress a : addresses) {
            if (!allowed.test(a)) {
                throw new GatewayException(GatewayException.Reason.AUTH,
                        host + " resolves to an address the gateway does not connect to");
            }
        }
        return addresses[0];
    }
}
