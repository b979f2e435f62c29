package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixUserId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A handler that records every call and answers what the test sets. */
class RecordingHandler implements AppServiceHandler {

    /** One transaction as the handler saw it. */
    record Txn(String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral) {
    }

    final List<Txn> transactions = new CopyOnWriteArrayList<>();
    final List<Object> calls = new CopyOnWriteArrayList<>();
    volatile Supplier<Future<Void>> transactionAnswer = Future::succeededFuture;
    volatile boolean exists = true;
    volatile Optional<ThirdPartyProtocol> protocol = Optional.empty();
    volatile List<ThirdPartyLocation> locations = List.of();
    volatile List<ThirdPartyUser> users = List.of();

    @Override
    public Future<Void> transaction(String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral) {
        transactions.add(new Txn(txnId, events, ephemeral));
        calls.add("transaction " + txnId);
        return transactionAnswer.get();
    }

    @Override
    public Future<Boolean> userExists(MatrixUserId user) {
        calls.add(user);
        return Future.succeededFuture(exists);
    }

    @Override
    public Future<Boolean> roomAliasExists(MatrixRoomAlias alias) {
        calls.add(alias);
        return Future.succeededFuture(exists);
    }

    @Override
    public Future<Void> ping(Optional<String> transactionId) {
        calls.add("ping " + transactionId.orElse("-"));
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<ThirdPartyProtocol>> thirdPartyProtocol(String name) {
        calls.add("protocol " + name);
        return Future.succeededFuture(protocol);
    }

    @Override
    public Future<List<ThirdPartyLocation>> thirdPartyLocations(String name, Map<String, String> fields) {
        calls.add("locations " + name + " " + fields);
        return Future.succeededFuture(locations);
    }

    @Override
    public Future<List<ThirdPartyUser>> thirdPartyUsers(String name, Map<String, String> fields) {
        calls.add("users " + name + " " + fields);
        return Future.succeededFuture(users);
    }

    @Override
    public Future<List<ThirdPartyLocation>> thirdPartyLocations(MatrixRoomAlias alias) {
        calls.add("locations " + alias);
        return Future.succeededFuture(locations);
    }

    @Override
    public Future<List<ThirdPartyUser>> thirdPartyUsers(MatrixUserId user) {
        calls.add("users " + user);
        return Future.succeededFuture(users);
    }
}
