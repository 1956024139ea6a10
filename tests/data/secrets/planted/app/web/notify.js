const hook = "https://hooks.slack.com/services/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";
const mapsKey = "AIzax9TcsaUTPuHgCSKFD83xUti1-HaLfeEs_yW"; // maps
module.exports = { hook, mapsKey };
