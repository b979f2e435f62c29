package dev.passerelle.connector.xmpp.stanza;

import org.jivesoftware.smack.provider.ProviderManager;

/**
 * Installs this package's providers in Smack's ProviderManager, so that Smack's stanza parsers return these
 * elements. Idempotent; call it once at start-up. It replaces Smack's own provider for {@code
 * <fallback xmlns='urn:xmpp:fallback:0'/>}, which knows only the first version of XEP-0428.
 */
public final class Extensions {

    private Extensions() {}

    public static void register() {
        ProviderManager.addExtensionProvider(
                RetractElement.ELEMENT, RetractElement.NAMESPACE, new RetractElementProvider());
        ProviderManager.addExtensionProvider(
                RetractedElement.ELEMENT, RetractedElement.NAMESPACE, new RetractedElementProvider());
        ProviderManager.addExtensionProvider(
                ReactionsElement.ELEMENT, ReactionsElement.NAMESPACE, new ReactionsElementProvider());
        ProviderManager.addExtensionProvider(ReplyElement.ELEMENT, ReplyElement.NAMESPACE, new ReplyElementProvider());
        ProviderManager.addExtensionProvider(
                FallbackElement.ELEMENT, FallbackElement.NAMESPACE, new FallbackElementProvider());
        ProviderManager.addExtensionProvider(OobElement.ELEMENT, OobElement.NAMESPACE, new OobElementProvider());
    }
}
