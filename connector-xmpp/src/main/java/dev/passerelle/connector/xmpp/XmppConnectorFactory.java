package dev.passerelle.connector.xmpp;

import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.ConnectorFactory;

/** Creates the XMPP connector for config sections with {@code type: xmpp}; found through ServiceLoader. */
public final class XmppConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "xmpp";
    }

    @Override
    public Connector create(ConnectorContext context) {
        return new XmppConnector(context, settings(context.config(), context.ghosts().spaces()));
    }

    @Override
    public void validate(ConfigSection section, GhostSpaces ghosts) {
        settings(section, ghosts);
    }

    private static XmppSettings settings(ConfigSection section, GhostSpaces ghosts) {
        XmppSettings settings = XmppSettings.from(section);
        String ghostDomain = ghosts.xmppDomain();
        if (!settings.component().domain().equals(ghostDomain)) {
            throw section.section("component").error("domain", "must be the ghosts' XMPP domain ("
                    + "ghosts.xmpp-domain: " + ghostDomain + "), since ghosts and portals are JIDs on the component,"
                    + " was " + settings.component().domain());
        }
        return settings;
    }
}
