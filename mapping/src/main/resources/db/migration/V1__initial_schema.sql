-- Passerelle's durable state. This file runs unchanged on PostgreSQL 15 and on H2 2.x in PostgreSQL
-- mode, so it keeps to the types and syntax both accept: VARCHAR without a length, BYTEA, UUID,
-- TIMESTAMP WITH TIME ZONE, identity columns. Addresses are stored in their URI form, networks by
-- their lower-case id, and event payloads as opaque bytes (the event's versioned JSON).

-- How users of one network appear on another. A user has at most one ghost per network, and a ghost
-- address belongs to one user.
CREATE TABLE ghosts (
    real_uri      VARCHAR                  NOT NULL,
    ghost_network VARCHAR(16)              NOT NULL,
    ghost_uri     VARCHAR                  NOT NULL,
    display_name  VARCHAR,
    avatar_uri    VARCHAR,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ghosts_pk PRIMARY KEY (real_uri, ghost_network),
    CONSTRAINT ghosts_ghost_uri_uq UNIQUE (ghost_uri)
);

CREATE INDEX ghosts_created_idx ON ghosts (created_at, ghost_uri);

-- Bridged conversations. A room belongs to at most one link, and a link has one room per network.
CREATE TABLE links (
    link_id    UUID                     NOT NULL,
    kind       VARCHAR(16)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT links_pk PRIMARY KEY (link_id),
    CONSTRAINT links_kind_ck CHECK (kind IN ('PORTAL', 'PLUMBED'))
);

CREATE TABLE link_rooms (
    room_uri VARCHAR     NOT NULL,
    link_id  UUID        NOT NULL,
    network  VARCHAR(16) NOT NULL,
    CONSTRAINT link_rooms_pk PRIMARY KEY (room_uri),
    CONSTRAINT link_rooms_network_uq UNIQUE (link_id, network),
    CONSTRAINT link_rooms_link_fk FOREIGN KEY (link_id) REFERENCES links (link_id) ON DELETE CASCADE
);

-- Canonical event id <-> native id on every network it exists on. The primary key makes a native id
-- unique per network: the journal relies on it to recognise a redelivered inbound event.
CREATE TABLE message_map (
    network    VARCHAR(16)              NOT NULL,
    native_id  VARCHAR                  NOT NULL,
    event_id   UUID                     NOT NULL,
    room_uri   VARCHAR                  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT message_map_pk PRIMARY KEY (network, native_id)
);

CREATE INDEX message_map_event_idx ON message_map (event_id);

-- The delivery journal: each journalled event once, and one delivery row per (event, target room)
-- until the target confirms it. seq is the delivery order, so its sequence must hand out values in
-- call order across connections: on PostgreSQL that means no per-session cache (CACHE 1). H2 caches
-- database-wide, keeping the order, and without a large cache it would commit the sequence's state
-- to disk every 32 values; JdbcStore sets ${delivery_seq_cache} accordingly.
CREATE TABLE journal_event (
    event_id   UUID                     NOT NULL,
    link_id    UUID                     NOT NULL,
    payload    BYTEA                    NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT journal_event_pk PRIMARY KEY (event_id)
);

CREATE TABLE delivery (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY (CACHE ${delivery_seq_cache}),
    event_id        UUID                     NOT NULL,
    link_id         UUID                     NOT NULL,
    target_uri      VARCHAR                  NOT NULL,
    idempotency_key VARCHAR                  NOT NULL,
    rendered        BYTEA,
    attempts        INTEGER                  NOT NULL,
    not_before      TIMESTAMP WITH TIME ZONE NOT NULL,
    status          VARCHAR(8)               NOT NULL,
    last_error      VARCHAR,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT delivery_pk PRIMARY KEY (seq),
    CONSTRAINT delivery_status_ck CHECK (status IN ('PENDING', 'DEAD'))
);

-- Kept lean for the group commit, which inserts and deletes rows here all the time. No foreign key to
-- journal_event: the journal writes an event and its deliveries in one transaction and prune() deletes
-- only events without deliveries, while a foreign key would cost a locked lookup of the event per
-- delivery row. No index by status: the table holds only work in flight, and reads by status (pending(),
-- the counts, dead letters) are rare. prune() finds deliveries by event.
CREATE INDEX delivery_event_idx ON delivery (event_id);

-- Small per-connector key/value state (stream positions, tokens); values are the connector's own bytes.
CREATE TABLE connector_state (
    connector   VARCHAR(64)              NOT NULL,
    state_key   VARCHAR                  NOT NULL,
    state_value BYTEA                    NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT connector_state_pk PRIMARY KEY (connector, state_key)
);
