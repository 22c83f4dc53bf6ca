// flatgeobuf calls console.debug on every range read; silence only that channel.
console.debug = () => {}
