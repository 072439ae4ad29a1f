#!/bin/sh
# Issue 10: the -x 10 -g -v -m ccm(aes) invocation in N separate processes (N=100 by default);
# prints each wrong answer and the counts. Run in a guest: kcapi vm --kernel sid -- sh scripts/repeat-aead-processes.sh
ok=0; bad=0
for i in $(seq 1 ${N:-100}); do
  out=$(node bin/kcapi.js -x 10 -g -v -m -c "ccm(aes)" -n 674742abd0f5ba -k 2861fd0253705d7875c95ba8a53171b4 -a fb7bc304a3909e66e2e0c5ef952712dd884ce3e7324171369f2c5db1adc48c7d -t a7877c99 -q 4edb58e8d5eb6bc711c43a6f3693daebde2e5524f1b55297abb29f003236e43d 2>&1; echo "rc=$?")
  if [ "$out" = "8dd351509dcf1df9c33987fb31cd708dd60d65d3d4e1baa53581d891d994d723
rc=0" ]; then ok=$((ok+1)); else bad=$((bad+1)); echo "BAD $i: $out"; fi
done
echo "spawned: ok=$ok bad=$bad"
