#!/usr/bin/env bash
# Installs the Qt Creator wizard "Qorm Application" (templates/qtcreator/qorm-application).
#
#   scripts/install-qtcreator-template.sh [DIR]
#   scripts/install-qtcreator-template.sh --settings-path S   (for qtcreator -settingspath S)
#
# DIR defaults to ~/.config/QtProject/qtcreator/templates/wizards, the user's wizard folder
# of Qt Creator 9 and later; the wizard lands in DIR/qorm-application. Running it again
# replaces that copy with the current one. Restart Qt Creator afterwards: File > New Project >
# Qorm > Qorm Application. Instead of installing, you can point Qt Creator at the repository:
# QTCREATOR_TEMPLATES_PATH=<repo>/templates/qtcreator qtcreator  (see docs/qtcreator.md).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source_dir=$root/templates/qtcreator/qorm-application
config_home=${XDG_CONFIG_HOME:-$HOME/.config}
target_parent=$config_home/QtProject/qtcreator/templates/wizards
given=0
while (($#)); do
    case $1 in
    -h | --help)
        sed -n '2,11s/^# \{0,1\}//p' "$0"
        exit 0
        ;;
    --settings-path)
        (($# >= 2)) || { echo "install-qtcreator-template.sh: --settings-path needs a directory" >&2 && exit 2; }
        target_parent=$2/QtProject/qtcreator/templates/wizards
        given=$((given + 1))
        shift
        ;;
    -*)
        echo "install-qtcreator-template.sh: unknown option '$1' (see --help)" >&2
        exit 2
        ;;
    *)
        target_parent=$1
        given=$((given + 1))
        ;;
    esac
    shift
done
if ((given > 1)); then
    echo "install-qtcreator-template.sh: give one folder (see --help)" >&2
    exit 2
fi
[[ -f $source_dir/wizard.json ]] || { echo "install-qtcreator-template.sh: $source_dir/wizard.json is missing" >&2 && exit 1; }

target=$target_parent/qorm-application
# Replace only a copy of this wizard, never somebody else's folder of the same name.
if [[ -e $target ]] && ! grep -q '"id": "A.QormApplication"' "$target/wizard.json" 2>/dev/null; then
    echo "install-qtcreator-template.sh: $target exists and is not the Qorm wizard; not touching it" >&2
    exit 1
fi
mkdir -p "$target_parent"
staging=$(mktemp -d "$target_parent/.qorm-application.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cp -R "$source_dir/." "$staging/"
chmod 755 "$staging" # mktemp made it private
rm -rf "$target"
mv "$staging" "$target"
trap - EXIT
echo "Installed the Qorm Application wizard in $target"
echo "Restart Qt Creator, then: File > New Project > Qorm > Qorm Application"
