package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.List;
import java.util.Objects;

/**
 * AppDataDictionary (draft-ietf-mls-extensions-09 section 4.6), the extension point of the consent, identifier
 * query and abuse report bodies: component entries sorted by a unique uint16 ComponentID, each one's data opaque
 * (what a component means is for whoever registered it).
 */
public record AppDataDictionary(List<ComponentData> componentData) {

    /** One component's data. */
    public record ComponentData(int componentId, Opaque data) {

        /** Checks the id is a uint16. */
        public ComponentData {
            BodyReader.requireUint16(componentId, "component_id");
            Objects.requireNonNull(data, "data");
        }

        void encode(TlsWriter out) {
            out.uint16(componentId).opaque(data.bytes());
        }

        static ComponentData decode(BodyReader in) {
            return new ComponentData(in.uint16("componentId"), in.opaque("data"));
        }
    }

    /** Checks the entries are sorted by component id, each id at most once (section 4.6 MUSTs). */
    public AppDataDictionary {
        componentData = BodyReader.copy(componentData, "componentData");
        for (int i = 1; i < componentData.size(); i++) {
            if (componentData.get(i - 1).componentId() >= componentData.get(i).componentId()) {
                throw new IllegalArgumentException("component_data must be sorted by unique component_id, got "
                        + componentData.get(i - 1).componentId() + " before " + componentData.get(i).componentId());
            }
        }
    }

    /** The dictionary with no entries. */
    public static AppDataDictionary empty() {
        return new AppDataDictionary(List.of());
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        out.vector(componentData, (w, c) -> c.encode(w));
    }

    static AppDataDictionary decode(BodyReader in, String name) {
        return in.field(name, r -> new AppDataDictionary(r.vector("componentData", ComponentData::decode)));
    }
}
