package dev.passerelle.e2e;

/** The features the compatibility matrix crosses with each direction, in the table's order. */
public enum Feature {
    TEXT("text", "Text"),
    FORMATTED("formatted", "Formatted text"),
    REPLY("reply", "Reply"),
    EDIT("edit", "Edit"),
    RETRACTION("retraction", "Retraction"),
    REACTION("reaction", "Reaction"),
    ATTACHMENT("attachment", "Attachment"),
    TYPING("typing", "Typing"),
    READ_MARKER("read-marker", "Read marker"),
    JOIN("join", "Join"),
    LEAVE("leave", "Leave"),
    DISPLAY_NAME("display-name", "Display name change"),
    AVATAR("avatar", "Avatar change");

    private final String id;
    private final String title;

    Feature(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The id in tags ({@code feature:<id>}) and result files. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The feature with this id. */
    public static Feature of(String id) {
        for (Feature f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no feature " + id);
    }
}
