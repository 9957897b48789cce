package org.portalpulse.db;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every SQL statement numbers its parameters in the order they are used")
class SqlQueriesTest {
  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");
  private static final Pattern NOTIFY = Pattern.compile("pg_notify\\('([^']*)'");

  @Test
  @DisplayName("$1, $2, … first appear in that order, with none skipped")
  void parametersInOrder() throws IllegalAccessException {
    List<String> statements = statements();
    assertThat(statements).hasSizeGreaterThan(20);
    for (String sql : statements) {
      Set<Integer> firstUse = new LinkedHashSet<>();
      Matcher m = PARAMETER.matcher(sql);
      while (m.find()) {
        firstUse.add(Integer.parseInt(m.group(1)));
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= firstUse.size(); i++) {
        expected.add(i);
      }
      assertThat(firstUse).as(sql).containsExactlyElementsOf(expected);
    }
  }

  @Test
  @DisplayName("every statement that notifies the other instances uses the channel they listen on")
  void notificationsOnTheListenedChannel() throws IllegalAccessException {
    int notifying = 0;
    for (String sql : statements()) {
      Matcher m = NOTIFY.matcher(sql);
      while (m.find()) {
        notifying++;
        assertThat(m.group(1)).as(sql).isIn(SqlQueries.PEER_FLUSHED_CHANNEL, SqlQueries.ARTICLES_CHANGED_CHANNEL, SqlQueries.PRESENCE_CHANNEL);
      }
    }
    assertThat(notifying).as("FLUSH, the baseline changes, the article changes and the presence share notify").isEqualTo(10);
  }

  private static List<String> statements() throws IllegalAccessException {
    List<String> statements = new ArrayList<>();
    for (Field field : SqlQueries.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && field.get(null) != null
          && !field.getName().endsWith("_CHANNEL")) {
        statements.add((String) field.get(null));
      }
    }
    return statements;
  }
}
