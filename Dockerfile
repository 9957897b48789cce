# Portal Pulse server image: build the fat jar with Maven, run it on a JRE.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /app pulse && mkdir -p /app/data && chown pulse /app/data
WORKDIR /app
COPY --from=build /build/target/portal-pulse.jar /app/portal-pulse.jar
COPY conf/pulse.json /app/conf/pulse.json
# The data directory: its lock, the spool of views a stop could not write, and (when PULSE_PG_URL is
# empty) the embedded PostgreSQL's data.
ENV PULSE_DATA_DIR=/app/data
USER pulse
EXPOSE 8080
# Main handles SIGTERM: it writes every counted view before it exits.
ENTRYPOINT ["java", "-jar", "/app/portal-pulse.jar"]
