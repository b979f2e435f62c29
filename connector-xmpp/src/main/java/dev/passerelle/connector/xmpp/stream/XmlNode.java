package dev.passerelle.connector.xmpp.stream;

/** A node of a parsed stanza: an element or a run of text. */
sealed interface XmlNode permits XmlElement, XmlNode.Text {

    /** Character data, already unescaped. */
    record Text(String text) implements XmlNode {
        public Text {
            if (text == null) {
                throw new IllegalArgumentException("text must not be null");
            }
        }
    }
}
