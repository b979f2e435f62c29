package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Answers from fields the test sets, completed at once, and records the actions the bot ran. */
final class FakeBotActions implements BotActions {
    final Map<MatrixUserId, Integer> power = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean encrypted;
    Set<String> missing = Set.of();
    Future<String> dmResult = Future.succeededFuture("!dm:example.com");
    Future<LinkOutcome> linkResult;
    Future<Boolean> unlinkResult = Future.succeededFuture(true);
    Future<StatusReport> statusResult = Future.succeededFuture(new StatusReport(List.of("matrix: up"),
            Optional.empty(), List.of(), OptionalLong.empty(), OptionalLong.empty()));
    Future<Integer> powerFailure;

    @Override
    public Future<String> openDm(MatrixUserId requester, Address target) {
        calls.add("openDm " + requester + " " + target.toUri());
        return dmResult;
    }

    @Override
    public Future<LinkOutcome> link(MatrixUserId requester, MatrixRoomId room, Address remote) {
        calls.add("link " + requester + " " + room + " " + remote.toUri());
        return linkResult != null ? linkResult : Future.succeededFuture(LinkOutcome.linked(remote));
    }

    @Override
    public Future<Boolean> unlink(MatrixUserId requester, MatrixRoomId room) {
        calls.add("unlink " + requester + " " + room);
        return unlinkResult;
    }

    @Override
    public Future<StatusReport> status(MatrixRoomId room) {
        calls.add("status " + room);
        return statusResult;
    }

    @Override
    public Future<Integer> powerOf(MatrixRoomId room, MatrixUserId user) {
        return powerFailure != null ? powerFailure : Future.succeededFuture(power.getOrDefault(user, 0));
    }

    @Override
    public Future<Set<String>> missingBotPowers(MatrixRoomId room) {
        return Future.succeededFuture(missing);
    }

    @Override
    public Future<Boolean> encrypted(MatrixRoomId room) {
        return Future.succeededFuture(encrypted);
    }
}
