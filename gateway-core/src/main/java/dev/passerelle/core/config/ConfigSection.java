package dev.passerelle.core.config;

import com.fasterxml.jackson.databind.JsonNode;

/** A part of the config file with its path, so every error names the full key. STUB: the config work completes it. */
public record ConfigSection(String path, JsonNode node) {
}
