package dev.passerelle.connector.xmpp.servers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A test run once against each XMPP server of {@link XmppServers#all()}, named after the server. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("dev.passerelle.connector.xmpp.servers.XmppServers#all")
public @interface OnEveryServer {
}
