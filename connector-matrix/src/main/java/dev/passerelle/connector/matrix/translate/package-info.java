/**
 * Pure translation between Matrix client-event JSON (as a homeserver pushes it in an appservice transaction)
 * and the core's canonical events, both ways, plus the power-level role mapping.
 *
 * <p>Nothing here does I/O. What translation needs from the message map comes through {@link
 * dev.passerelle.connector.matrix.translate.EventRefs}, which may block: callers run translation on a worker
 * thread. Bad input never throws: {@link dev.passerelle.connector.matrix.translate.MatrixToCanonical} answers
 * {@link dev.passerelle.connector.matrix.translate.InboundResult.Ignored} with a reason and the field path.
 *
 * <p>Choices where the canonical model and Matrix differ, in one place:
 * <ul>
 *   <li>{@code m.emote} is carried as text starting with {@code "/me "} (the XMPP convention, XEP-0245), and
 *       such text goes back out as {@code m.emote}. {@code m.notice} arrives as ordinary text (the canonical
 *       model has no notice flag); nothing is sent as {@code m.notice}.</li>
 *   <li>HTML ({@code org.matrix.custom.html}) goes through the core's {@code HtmlSanitizer} both ways, which
 *       also removes {@code <mx-reply>} fallbacks. Plain-text reply fallbacks ({@code > <@user> ...} lines
 *       before a blank line) are removed on arrival when the event has {@code m.in_reply_to}; no fallback is
 *       ever produced.</li>
 *   <li>Outbound size: see {@link dev.passerelle.connector.matrix.translate.SizePolicy}.</li>
 *   <li>Ephemeral events have no event id; their native ids are synthetic, see {@link
 *       dev.passerelle.connector.matrix.translate.MatrixToCanonical#ephemeral}.</li>
 * </ul>
 */
package dev.passerelle.connector.matrix.translate;
