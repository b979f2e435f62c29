package dev.passerelle.connector.xmpp;

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
        XmppSettings settings = XmppSettings.from(context.config());
        String ghostDomain = context.ghosts().spaces().xmppDomain();
        if (!settings.component().domain().equals(ghostDomain)) {
            throw context.config().section("component").error("domain", "must be the ghosts' XMPP domain ("
                    + "ghosts.xmpp-domain: " + ghostDomain + "), since ghosts and portals are JIDs on the component,"
                    + " was " + settings.component().domain());
        }
        return new XmppConnector(context, settings);
    }
}
