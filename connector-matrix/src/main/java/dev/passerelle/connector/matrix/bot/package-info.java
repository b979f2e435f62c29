/**
 * The bridge bot: the appservice's sender user, which answers commands in a DM and in the rooms it is
 * invited to. {@link dev.passerelle.connector.matrix.bot.CommandParser} turns a message body into a
 * {@link dev.passerelle.connector.matrix.bot.Command}; {@link dev.passerelle.connector.matrix.bot.Bot} checks
 * who may run it and what the room allows, runs it through the connector's
 * {@link dev.passerelle.connector.matrix.bot.BotActions} and words the {@link
 * dev.passerelle.connector.matrix.bot.Reply}. No I/O here: the connector reads events and sends the replies.
 */
package dev.passerelle.connector.matrix.bot;
