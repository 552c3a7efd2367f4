console.error("falha de teste", 42);
console.warn("aviso de teste");
