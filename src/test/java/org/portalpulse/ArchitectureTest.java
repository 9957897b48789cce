package org.portalpulse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
      List.of("content", "live", "admin", "ops"),
      List.of("counting"),
      List.of("presence"),
      List.of("db"),
      List.of("config"));

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.portalpulse");

  @Test
  @DisplayName("no package imports one above it or beside it")
  void layers() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
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

  @Test
  @DisplayName("Vert.x's internal classes are used by one adapter only")
  void vertxInternalsInOneAdapter() {
    noClasses().that().doNotHaveFullyQualifiedName("org.portalpulse.live.WebSocketFrames")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx..internal..")
        .check(CLASSES);
  }
}
