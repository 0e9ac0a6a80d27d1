#!/usr/bin/env bash
# Regenerates the default prompt sources shipped under assets/audio/<scenario>/ from the
# prompts.tsv beside them, so a fresh install and the demo have audio without any TTS account.
#
#   scripts/generate-default-prompts.sh            # every assets/audio/*/prompts.tsv
#   scripts/generate-default-prompts.sh academy    # one folder
#
# Each prompts.tsv line is `name<TAB>generator<TAB>text` (# starts a comment):
#   espeak-ng-fa  espeak-ng's Persian voice (apt: espeak-ng), 150 words/min, then ffmpeg
#                 band-limits it to the telephone band and pads 0.15 s / 0.25 s of silence;
#   melody        the hold melody (ffmpeg aevalsrc: a soft I-vi-IV-V arpeggio, 16 notes, 4.8 s,
#                 made to loop without a click), the text column is ignored.
# Output: <name>.wav, 8 kHz mono 16-bit PCM with a bare 44-byte header (-bitexact, no metadata).
#
# Deterministic: the same espeak-ng and ffmpeg versions (Debian 12: 1.51 and 5.1) give
# byte-identical files, so re-running it on an unchanged tsv changes nothing in git.
# Files over 150 KB (about 9 s) are refused: prompts must stay short.
# These are the SOURCES; `salehi-engine prompts sync` converts and installs them into Asterisk.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
AUDIO="$ROOT/assets/audio"
MAX_BYTES=153600

for tool in espeak-ng ffmpeg; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install $tool)" >&2; exit 1; }
done

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# The common ffmpeg output options: 8 kHz mono s16 WAV without encoder tags or LIST chunk.
OUT_OPTS=(-ac 1 -ar 8000 -c:a pcm_s16le -map_metadata -1 -fflags +bitexact -flags:a +bitexact)

speak() { # name text out
  printf '%s' "$2" | espeak-ng -v fa -s 150 -p 50 -a 100 -w "$TMP/$1.raw.wav"
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$TMP/$1.raw.wav" \
    -af 'highpass=f=150,lowpass=f=3600,volume=-1dB,adelay=150,apad=pad_dur=0.25' \
    "${OUT_OPTS[@]}" "$3"
}

melody() { # out
  # Note frequencies (Hz) of C-E-G-E, A-C-E-C, F-A-C-A, G-B-D-B around middle C.
  local notes=(261.63 329.63 392.00 329.63 220.00 261.63 329.63 261.63 174.61 220.00 261.63 220.00 196.00 246.94 293.66 246.94)
  local inputs=() chain='' i=0
  for f in "${notes[@]}"; do
    # A fundamental plus a quieter octave, shaped by a 20 ms attack and an 80 ms release.
    inputs+=(-f lavfi -i "aevalsrc=0.55*sin(2*PI*$f*t)+0.18*sin(4*PI*$f*t):s=8000:d=0.3")
    chain+="[$i]afade=t=in:d=0.02,afade=t=out:st=0.22:d=0.08[n$i];"
    i=$((i + 1))
  done
  local concat=''
  for ((j = 0; j < i; j++)); do concat+="[n$j]"; done
  ffmpeg -nostdin -hide_banner -loglevel error -y "${inputs[@]}" \
    -filter_complex "${chain}${concat}concat=n=$i:v=0:a=1,volume=0.45[out]" -map '[out]' \
    "${OUT_OPTS[@]}" "$1"
}

generate_folder() { # dir
  local dir="$1" tsv="$1/prompts.tsv" name generator text out size
  [ -f "$tsv" ] || { echo "no $tsv" >&2; return 1; }
  while IFS=$'\t' read -r name generator text || [ -n "$name" ]; do
    case "$name" in ''|'#'*) continue ;; esac
    out="$dir/$name.wav"
    case "$generator" in
      espeak-ng-fa) speak "$name" "$text" "$TMP/$name.wav" ;;
      melody) melody "$TMP/$name.wav" ;;
      *) echo "$tsv: unknown generator '$generator' for $name" >&2; return 1 ;;
    esac
    size=$(stat -c %s "$TMP/$name.wav")
    if [ "$size" -gt "$MAX_BYTES" ]; then
      echo "$tsv: $name is $size bytes (> $MAX_BYTES): shorten the text" >&2
      return 1
    fi
    mv -f "$TMP/$name.wav" "$out"
    echo "$out ($size bytes)"
  done < "$tsv"
}

if [ "$#" -gt 0 ]; then
  for folder in "$@"; do generate_folder "$AUDIO/$folder"; done
else
  for tsv in "$AUDIO"/*/prompts.tsv; do generate_folder "$(dirname "$tsv")"; done
fi
