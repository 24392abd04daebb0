# mentorbot in a container: built on Debian 12 with the same install script, run as a non-root user.
FROM debian:12 AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN bash scripts/install-deps.sh
COPY . .
RUN cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build/release --target mentorbot \
 && strip build/release/mentorbot

FROM debian:12
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN bash /tmp/install-deps.sh --runtime-only && rm /tmp/install-deps.sh \
 && useradd --system --home-dir /data --shell /usr/sbin/nologin mentorbot \
 && mkdir -p /data && chown mentorbot /data
COPY --from=build /src/build/release/mentorbot /usr/local/bin/mentorbot
USER mentorbot
WORKDIR /data
# The SQLite file (and its WAL) live here; mount a volume to keep them.
VOLUME ["/data"]
ENV MENTORBOT_DB=/data/mentorbot.db
ENTRYPOINT ["/usr/local/bin/mentorbot"]
