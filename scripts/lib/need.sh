# Sourced by scripts/test and the bench/ scripts. need CMD PACKAGE: installs Debian's PACKAGE with
# apt-get (through sudo when not root) unless CMD (a name on PATH, or a path) is already there.
need() {
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"
}
