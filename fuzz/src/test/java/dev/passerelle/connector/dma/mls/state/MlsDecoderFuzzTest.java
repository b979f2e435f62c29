package dev.passerelle.connector.dma.mls.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.message.GroupInfo;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.PrivateMessage;
import dev.passerelle.connector.dma.mls.message.PublicMessage;
import dev.passerelle.connector.dma.mls.message.Welcome;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The decoders of MLSMessages, KeyPackages, Welcomes and stored state, fed arbitrary bytes, either decode or fail
 * with a {@link TlsDecodeException}: never another exception, never an allocation an attacker sizes. Under Jazzer
 * ({@code JAZZER_FUZZ=1}) the fuzz test explores; in plain runs it replays its seeds, and the mutation test below
 * sweeps bit flips and truncations of real messages deterministically.
 */
class MlsDecoderFuzzTest {

    private static final List<Consumer<byte[]>> DECODERS = List.of(
            MlsDecoderFuzzTest::decodeMlsMessage,
            bytes -> finish(bytes, r -> KeyPackage.decode(r)),
            bytes -> finish(bytes, r -> Welcome.decode(r)),
            bytes -> finish(bytes, r -> GroupInfo.decode(r)),
            GroupState::fromBytes,
            MlsClient::fromBytes,
            KeyPackageBundle::fromBytes);

    @FuzzTest(maxDuration = "15s")
    void decodersOnlyThrowTypedDecodeErrors(byte[] data) {
        for (Consumer<byte[]> decoder : DECODERS) {
            try {
                decoder.accept(data);
            } catch (TlsDecodeException expected) {
                // The one way a decoder may refuse input.
            }
        }
    }

    @Test
    void flippedAndTruncatedMessagesOnlyThrowTypedDecodeErrors() {
        List<byte[]> seeds = realMessages();
        int decoded = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < seed.length; i += Math.max(1, seed.length / 97)) {
                byte[] flipped = seed.clone();
                flipped[i] ^= (byte) (1 << (i % 8));
                decodersOnlyThrowTypedDecodeErrors(flipped);
                byte[] lengthBomb = seed.clone();
                lengthBomb[i] = (byte) 0xbf;
                decodersOnlyThrowTypedDecodeErrors(lengthBomb);
                decodersOnlyThrowTypedDecodeErrors(Arrays.copyOf(seed, i));
            }
            decoded++;
        }
        assertThat(decoded).isEqualTo(seeds.size());
    }

    // A Welcome, a PrivateMessage and a PublicMessage commit, a KeyPackage, a client and a group state.
    private static List<byte[]> realMessages() {
        SecureRandom random = new SecureRandom();
        CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
        long now = Instant.now().getEpochSecond();
        MlsClient alice = MlsClient.generate(suite, "alice".getBytes(StandardCharsets.UTF_8), random);
        MlsClient bob = MlsClient.generate(suite, "bob".getBytes(StandardCharsets.UTF_8), random);
        KeyPackageBundle bobPackage = bob.newKeyPackage(now - 60, now + 60, false, random);
        GroupState a = GroupState.create(alice, alice.newKeyPackage(now - 60, now + 60, false, random),
                "g".getBytes(StandardCharsets.UTF_8), List.of(), random);
        Committed added = a.commit(List.of(bobPackage.keyPackage()), List.of(), random);
        GroupState b = GroupState.join(bob, bobPackage, added.welcomeMessage().get(), Map.of());
        List<byte[]> out = new ArrayList<>();
        out.add(added.welcomeMessage().get());
        out.add(added.commitMessage());
        out.add(added.next().commit(List.of(), List.of(), MlsMessage.PUBLIC_MESSAGE, random).commitMessage());
        out.add(added.next().encrypt("hi".getBytes(StandardCharsets.UTF_8), new byte[0], random).message());
        out.add(bobPackage.toBytes());
        out.add(alice.toBytes());
        out.add(b.toBytes());
        return out;
    }

    private static void decodeMlsMessage(byte[] bytes) {
        TlsReader reader = new TlsReader(bytes);
        int version = reader.uint16();
        int wireFormat = reader.uint16();
        if (version != 1) {
            throw new TlsDecodeException("unsupported version " + version, 0);
        }
        if (wireFormat == MlsMessage.PUBLIC_MESSAGE) {
            PublicMessage.decode(reader);
        } else if (wireFormat == MlsMessage.PRIVATE_MESSAGE) {
            PrivateMessage.decode(reader);
        } else if (wireFormat == MlsMessage.WELCOME) {
            Welcome.decode(reader);
        } else if (wireFormat == MlsMessage.GROUP_INFO) {
            GroupInfo.decode(reader);
        } else if (wireFormat == MlsMessage.KEY_PACKAGE) {
            KeyPackage.decode(reader);
        } else {
            throw new TlsDecodeException("unknown wire format " + wireFormat, 2);
        }
        reader.finish();
    }

    private static void finish(byte[] bytes, Consumer<TlsReader> decode) {
        TlsReader reader = new TlsReader(bytes);
        decode.accept(reader);
        reader.finish();
    }
}
