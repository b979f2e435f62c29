package dev.passerelle.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility matrix, through the real distribution: each feature is sent by a user of one network and
 * observed by a user of another, in each of the six directions, on each XMPP server. Each cell must arrive as the
 * connectors' documentation says (e2e/expected-compatibility.txt: native, its fallback, or not at all), and is
 * written to tests/target/compatibility/ for {@code scripts/compatibility}. After the last cell, the committed
 * docs/compatibility.md must be what these results render.
 */
@Tag("e2e")
@ExtendWith(SharedTopologies.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureMatrixIT {

    private static final Path DOC = Path.of("..", "docs", "compatibility.md").toAbsolutePath().normalize();
    /** How long a cell expected not to arrive is given: until a later message from the same sender arrived. */
    private static final Duration DISCOVERY = Duration.ofSeconds(5);

    private final SharedTopologies topologies;
    private final List<CompatibilityResult> results = new CopyOnWriteArrayList<>();
    private final List<Endpoint.Joiner> joiners = new CopyOnWriteArrayList<>();
    private final Expectations expectations = Expectations.load();
    private final Links links = new Links();
    private FileServer files;

    FeatureMatrixIT(SharedTopologies topologies) {
        this.topologies = topologies;
    }

    @BeforeAll
    void start() throws IOException {
        deleteTree(CompatibilityResult.DIRECTORY);
        files = new FileServer();
    }

    @AfterAll
    void theCommittedCompatibilityDocumentIsWhatThisRunFound() throws IOException {
        try {
            for (Endpoint.Joiner j : joiners) {
                j.leave();
            }
        } catch (RuntimeException e) {
            // Clean-up of users still in rooms; the topologies are closed below whatever happens.
        } finally {
            files.close();
        }
        CompatibilityTable table = new CompatibilityTable(results,
                XmppServers.all().stream().map(XmppServer::name).toList());
        String committed = Files.exists(DOC) ? Files.readString(DOC) : "";
        if (table.missingCells().isEmpty()) {
            assertThat(committed).as("docs/compatibility.md must be what this run found; regenerate it with "
                    + "scripts/compatibility after this run").isEqualTo(table.render());
        } else {
            assertThat(table.disagreements(committed)).as("docs/compatibility.md against the cells this run "
                    + "found (a part of the matrix); regenerate it with scripts/compatibility after a full run")
                    .isEmpty();
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (XmppServer server : XmppServers.all()) {
            for (Side from : Side.values()) {
                for (Side to : Side.values()) {
                    if (from != to) {
                        out.add(Arguments.of(server, from, to));
                    }
                }
            }
        }
        return out.stream();
    }

    private Topology topology(XmppServer server) {
        return topologies.on(server);
    }

    private Endpoint endpoint(XmppServer server, Side side) {
        Topology t = topology(server);
        if (side == Side.XMPP) {
            return new XmppEndpoint(t.xmpp(), server, files, links);
        }
        return new MatrixEndpoint(side == Side.MATRIX ? t.matrix() : t.mimi(), links);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A message of {@code from}, arrived at {@code to}: its sent id and ref at the sender, its ids at the receiver. */
    private record Original(String text, String sentId, String ref, String refAtReceiver, String editIdAtReceiver) {
    }

    private static Original original(Endpoint from, Endpoint to) {
        String text = unique("original ");
        String sentId = from.send(text);
        String refAtReceiver = awaitPresent(from.side().to(to.side()) + " original", () -> to.received(text));
        return new Original(text, sentId, from.refOfOwn(sentId), refAtReceiver,
                to.editIdOfReceived(text).orElseThrow());
    }

    private static String awaitPresent(String what, java.util.function.Supplier<Optional<String>> value) {
        return Awaitility.await(what).atMost(Participant.AWAIT).until(value::get, Optional::isPresent).orElseThrow();
    }

    /**
     * Waits for what the expectation says arrives (or, for not carried, for a later message of the sender), checks
     * that the other forms did not arrive, and records the cell.
     */
    private void check(XmppServer server, Feature feature, Endpoint from, Endpoint to, BooleanSupplier nativeForm,
            BooleanSupplier fallbackForm) {
        Optional<Expectations.Expected> expected = expectations.of(feature, from.side(), to.side());
        String cell = feature.id() + " " + from.side().to(to.side()) + " on " + server.name();
        Outcome want = expected.map(Expectations.Expected::outcome).orElse(null);
        if (want == Outcome.NATIVE || want == Outcome.FALLBACK) {
            BooleanSupplier form = want == Outcome.NATIVE ? nativeForm : fallbackForm;
            try {
                Awaitility.await(cell).atMost(Participant.AWAIT).until(form::getAsBoolean);
            } catch (ConditionTimeoutException e) {
                fail(cell + ": expected " + want.label() + ", found " + observed(nativeForm, fallbackForm).label()
                        + "; the receiver's last messages:\n" + to.describeRecent());
            }
        } else if (want == Outcome.NOT_CARRIED) {
            String after = unique("after ");
            from.send(after);
            awaitPresent(cell + " (a later message)", () -> to.received(after));
        } else {
            try {
                Awaitility.await(cell).atMost(DISCOVERY)
                        .until(() -> nativeForm.getAsBoolean() || fallbackForm.getAsBoolean());
            } catch (ConditionTimeoutException e) {
                // Nothing arrived: that is the observation.
            }
        }
        Outcome found = observed(nativeForm, fallbackForm);
        if (expected.isEmpty()) {
            fail(cell + ": no expectation in " + Expectations.RESOURCE + "; found " + found.label()
                    + "; the receiver's last messages:\n" + to.describeRecent());
        }
        assertThat(found.label()).as(cell + "; the receiver's last messages:\n" + to.describeRecent())
                .isEqualTo(want.label());
        CompatibilityResult result = new CompatibilityResult(feature, from.side(), to.side(), server.name(), found,
                expected.get().note());
        result.write(CompatibilityResult.DIRECTORY);
        results.add(result);
    }

    private static Outcome observed(BooleanSupplier nativeForm, BooleanSupplier fallbackForm) {
        if (nativeForm.getAsBoolean()) {
            return Outcome.NATIVE;
        }
        return fallbackForm.getAsBoolean() ? Outcome.FALLBACK : Outcome.NOT_CARRIED;
    }

    // ---- the features ----

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:text")
    void text(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        String text = unique("text ");
        from.send(text);
        check(server, Feature.TEXT, from, to, () -> to.received(text).isPresent(), () -> false);
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:formatted")
    void formatted(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        String word = unique("bold");
        from.sendFormatted(word, "and plain");
        check(server, Feature.FORMATTED, from, to, () -> to.hasFormatted(word), () -> to.received(word).isPresent());
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:reply")
    void reply(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        Original o = original(from, to);
        String text = unique("reply ");
        from.reply(o.ref(), text);
        check(server, Feature.REPLY, from, to, () -> to.hasReply(o.refAtReceiver(), text),
                () -> to.received(text).isPresent());
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:edit")
    void edit(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        Original o = original(from, to);
        String text = unique("edited ");
        from.edit(o.sentId(), o.ref(), text);
        check(server, Feature.EDIT, from, to, () -> to.hasEdit(o.editIdAtReceiver(), text),
                () -> to.received(text).isPresent());
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:retraction")
    void retraction(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        Original o = original(from, to);
        from.retract(o.ref());
        check(server, Feature.RETRACTION, from, to, () -> to.hasRetraction(o.refAtReceiver()), () -> false);
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:reaction")
    void reaction(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        Original o = original(from, to);
        from.react(o.ref(), "👍");
        check(server, Feature.REACTION, from, to, () -> to.hasReaction(o.refAtReceiver(), "👍"), () -> false);
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:attachment")
    void attachment(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        String name = unique("file") + ".txt";
        from.attach(name, "the content of " + name);
        check(server, Feature.ATTACHMENT, from, to, () -> to.hasAttachment(name), () -> to.hasAttachmentLink(name));
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:typing")
    void typing(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        original(from, to);
        int before = to.typingCount();
        from.typing(true);
        try {
            check(server, Feature.TYPING, from, to, () -> to.typingCount() > before, () -> false);
        } finally {
            from.typing(false);
        }
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:read-marker")
    void readMarker(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        // The reader marks as read a message of the user it is observed by.
        Original o = original(to, from);
        from.markRead(o.refAtReceiver());
        check(server, Feature.READ_MARKER, from, to, () -> to.hasReadMarker(o.ref()), () -> false);
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:join")
    void join(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        String name = unique("j");
        joiners.add(from.join(name));
        check(server, Feature.JOIN, from, to, () -> to.hasJoin(name), () -> false);
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:leave")
    void leave(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        String name = unique("l");
        Endpoint.Joiner joiner = from.join(name);
        joiner.leave();
        check(server, Feature.LEAVE, from, to, () -> to.hasLeave(name), () -> false);
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:display-name")
    void displayName(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        Endpoint.Joiner joiner = from.join(unique("n"));
        joiners.add(joiner);
        String newName = unique("renamed");
        joiner.rename(newName);
        check(server, Feature.DISPLAY_NAME, from, to, () -> to.hasRename(newName), () -> false);
    }

    @ParameterizedTest(name = "{0} {1} to {2}")
    @MethodSource("cells")
    @Tag("feature:avatar")
    void avatar(XmppServer server, Side fromSide, Side toSide) {
        Endpoint from = endpoint(server, fromSide);
        Endpoint to = endpoint(server, toSide);
        String name = unique("a");
        Endpoint.Joiner joiner = from.join(name);
        joiners.add(joiner);
        joiner.changeAvatar();
        check(server, Feature.AVATAR, from, to, () -> to.hasAvatarChange(name), () -> false);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
