package dev.passerelle.faults;

import dev.passerelle.e2e.ConfigTemplate;

/** The changes the fault tests make to the topology's configs. */
final class Configs {

    private Configs() {
    }

    /**
     * Retries that outlast the outages here. The topology retries every 0.2 s to 2 s so that tests go fast; with
     * the default 12 attempts that gives up after some 20 s, where the defaults' backoff (1 s to 5 min) keeps trying
     * for about 20 minutes. 1,000 attempts at 2 s keep trying for half an hour.
     */
    static ConfigTemplate patient(ConfigTemplate config) {
        return config.set("router.max-attempts", 1000);
    }
}
