package io.bulwark.audit.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of alerts, for {@code GET /v1/alerts}, and the Slack message of one alert. */
public final class AlertJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_IDS_IN_CHAT = 10;

  private AlertJson() {}

  /** One alert as a JSON object. */
  public static ObjectNode toJson(Alert alert) {
    ObjectNode node = NODES.objectNode();
    node.put("id", alert.id());
    node.put("rule", alert.rule());
    node.put("title", alert.title());
    node.put("severity", alert.severity().jsonValue());
    node.put("group", alert.group());
    node.put("raisedAt", alert.raisedAt().toString());
    node.put("updatedAt", alert.updatedAt().toString());
    node.put("firstEventAt", alert.firstEventAt().toString());
    node.put("lastEventAt", alert.lastEventAt().toString());
    node.put("occurrences", alert.occurrences());
    ArrayNode events = node.putArray("eventIds");
    alert.eventIds().forEach(events::add);
    node.put("description", alert.description());
    return node;
  }

  /**
   * A Slack-compatible incoming-webhook message: {@code text} (the fallback summary) and {@code
   * blocks} (a header, the facts as fields, and the first linked event ids).
   */
  public static ObjectNode slackMessage(Alert alert) {
    ObjectNode message = NODES.objectNode();
    message.put("text", escape("Bulwark alert " + alert.summary()));
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", limit(alert.title(), 150));
    ObjectNode section = blocks.addObject().put("type", "section");
    ArrayNode fields = section.putArray("fields");
    field(fields, "Severity", alert.severity().jsonValue());
    field(fields, "Rule", alert.rule());
    field(fields, "Group", alert.group());
    field(fields, "Events", alert.firstEventAt() + " .. " + alert.lastEventAt());
    if (!alert.description().isEmpty()) {
      ObjectNode about = blocks.addObject().put("type", "section");
      about
          .putObject("text")
          .put("type", "mrkdwn")
          .put("text", limit(escape(alert.description()), 2900));
    }
    StringBuilder ids = new StringBuilder("Alert ").append(alert.id()).append(" · events: ");
    int shown = Math.min(MAX_IDS_IN_CHAT, alert.eventIds().size());
    ids.append(String.join(", ", alert.eventIds().subList(0, shown)));
    if (alert.eventIds().size() > shown) {
      ids.append(" and ").append(alert.eventIds().size() - shown).append(" more");
    }
    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", ids.toString());
    return message;
  }

  private static void field(ArrayNode fields, String name, String value) {
    fields
        .addObject()
        .put("type", "mrkdwn")
        .put("text", "*" + name + "*\n" + limit(escape(value), 1900));
  }

  /** Slack's mrkdwn control characters, so an attacker-chosen value cannot forge links. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String limit(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
