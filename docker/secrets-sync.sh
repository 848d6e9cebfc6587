#!/bin/sh
# The secrets service of docker-compose.yml. Each argument is <uid>:<directory>:<file>,<file>...
# with files relative to the host's .cmon (mounted read-only at $SOURCE): each directory (one
# service's own volume) gets root:<uid> mode 0750 and each file <uid>:<uid> mode 0400, so the
# service reads its keys and no other uid does. The copies are checked every $INTERVAL
# seconds and replaced whole (rename), so a rotated key or an edited accounts file reaches the
# service, which re-reads them, and a reader never sees half a file.
set -eu
SOURCE=${SOURCE:-/source}
INTERVAL=${INTERVAL:-5}
umask 077

[ $# -gt 0 ] || { echo "secrets: usage: secrets-sync <uid>:<dir>:<file>[,<file>...]..." >&2; exit 2; }

sync_all() {
  for spec in "$@"; do
    uid=${spec%%:*}; rest=${spec#*:}; dir=${rest%%:*}; files=${rest#*:}
    chown "0:$uid" "$dir"
    chmod 0750 "$dir"
    for file in $(echo "$files" | tr ',' ' '); do
      src=$SOURCE/$file
      dst=$dir/$(basename "$file")
      if [ ! -f "$src" ]; then
        echo "secrets: $src is missing: run ./cmon certs (CMON_HOME=${CMON_HOME:-.cmon})" >&2
        return 1
      fi
      cmp -s "$src" "$dst" 2>/dev/null && continue
      cp "$src" "$dst.new"
      # chmod before chown: once the file is another uid's, root would need CAP_FOWNER.
      chmod 0400 "$dst.new"
      chown "$uid:$uid" "$dst.new"
      mv -f "$dst.new" "$dst"
      echo "secrets: $file -> $dst (uid $uid)"
    done
  done
}

# The health check waits for the first complete copy; a missing file keeps it failing.
until sync_all "$@"; do sleep "$INTERVAL"; done
touch /tmp/synced
while sleep "$INTERVAL"; do
  sync_all "$@" || rm -f /tmp/synced
done
