package org.portalpulse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

@DisplayName("The packages stand in layers, and every arrow between them points down")
class ArchitectureTest {
  /**
   * Top to bottom, as the README's architecture section draws them. A package may use the packages
   * on the floors below its own, never one above, nor another on its own floor: the four capabilities
   * know nothing of each other, and only web puts them together.
   */
  private static final List<List<String>> FLOORS = List.of(
      List.of("application"),
      List.of("web"),
      List.of("content", "live", "admin", "ops", "embed"),
      List.of("publishing"),
      List.of("pages", "assets", "compression"),
      List.of("counting"),
      List.of("presence"),
      List.of("db"),
      List.of("config"));

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.portalpulse");
  private static final Path MAIN_SOURCES = Path.of("src/main/java");
  private static final Pattern IMPORT = Pattern.compile("import (?:static )?org\\.portalpulse\\.([\\w.]+);");

  @Test
  @DisplayName("no package imports one above it or beside it")
  void layers() {
    // Every class must sit on a floor: a new package is placed in the drawing before it is written.
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitecture();
    for (List<String> floor : FLOORS) {
      for (String name : floor) {
        layers = layers.layer(name).definedBy(name.equals("application") ? "org.portalpulse" : "org.portalpulse." + name + "..");
      }
    }
    List<String> above = new ArrayList<>();
    for (List<String> floor : FLOORS) {
      for (String name : floor) {
        layers = above.isEmpty()
            ? layers.whereLayer(name).mayNotBeAccessedByAnyLayer()
            : layers.whereLayer(name).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
      }
      above.addAll(floor);
    }
    layers.check(CLASSES);
  }

  /**
   * The same rule read from the sources: the compiled classes do not show an import that is never
   * used, nor a constant (a SQL string, a setting's name) that javac copied into its user.
   */
  @Test
  @DisplayName("no source file imports a package above or beside its own")
  void importsInSources() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = packageOfSource(file);
        for (String line : Files.readAllLines(file)) {
          Matcher imported = IMPORT.matcher(line);
          if (imported.matches()) {
            String to = packageOfImport(imported.group(1));
            if (!to.equals(from) && floorOf(to) <= floorOf(from)) {
              violations.add(MAIN_SOURCES.relativize(file) + ": " + line.strip());
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /** {@code src/main/java/org/portalpulse/web/X.java} is in web; a file right in org/portalpulse is the application. */
  private static String packageOfSource(Path file) {
    Path folder = MAIN_SOURCES.relativize(file).getParent();
    return folder.getNameCount() > 2 ? folder.getName(2).toString() : "application";
  }

  /** {@code web.ReaderServer} is in web; {@code PulseApplication} is the application. */
  private static String packageOfImport(String belowRoot) {
    String first = belowRoot.split("\\.")[0];
    return Character.isLowerCase(first.charAt(0)) ? first : "application";
  }

  private static int floorOf(String name) {
    for (int floor = 0; floor < FLOORS.size(); floor++) {
      if (FLOORS.get(floor).contains(name)) {
        return floor;
      }
    }
    throw new AssertionError(name + " is on no floor of ArchitectureTest.FLOORS");
  }

  @Test
  @DisplayName("Vert.x's internal classes are used by one adapter per internal API only")
  void vertxInternalsInOneAdapter() {
    noClasses().that().doNotHaveFullyQualifiedName("org.portalpulse.live.WebSocketFrames") // shared frame bytes
        .and().doNotHaveFullyQualifiedName("org.portalpulse.web.StrictRequestDecoder") // the HTTP/1.x request decoder
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx..internal..")
        .check(CLASSES);
  }
}
